using NetGeometry.Engine;
using NetGeometry.Geometry;
using NetGeometry.Geometry.Kernel;
using NetGeometry.Geometry.LieGroup;
using NetGeometry.Geometry.Paths;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Analyses;

/// <summary>The metric the layer generators are measured in: ||H||_G^2 = ||band part||^2 + q^2 ||rest||^2, the band
/// being the entries with |i - j| &lt;= BandHalfWidth.</summary>
public sealed record ComplexityOptions
{
    public double Q { get; init; } = 4;
    public int BandHalfWidth { get; init; } = 1;

    public void Validate()
    {
        InputException.Require(double.IsFinite(Q) && Q >= 1, $"{InputField.Of(nameof(Q))} must be a number >= 1, got {Q}.");
        InputException.Require(BandHalfWidth >= 0, $"{InputField.Of(nameof(BandHalfWidth))} must be 0 or more, got {BandHalfWidth}.");
    }
}

/// <summary>The geometry of a run at one checkpoint: path quantities, and where the network has them, its layers
/// as a group path, its residual flow, and the kernel measures (training sets of at most
/// <see cref="InitialKernelComplexity.MaxExamples"/> examples).</summary>
public sealed record CheckpointComplexity(long Step, PathPoint Path, GroupPathComplexity? Group, ResidualFlow? Flow, KernelMeasures? Kernel = null);

/// <summary>The NTK RKHS norm of the change since initialization ||f_t - f_0||_K0, lambda_min of K0, and
/// sqrt(2 y^T (H-inf)^-1 y / n) where the network has a limit kernel (<see cref="InitialKernelComplexity"/>).</summary>
public sealed record KernelMeasures(double RkhsNorm, double LambdaMin, double? DataDependentComplexity);

/// <summary>
/// Dong &amp; Zhou's complexity measures along a run's checkpoints (geometrization.md): the training path (distance
/// from initialization, trajectory length and straightness per layer and in total, function-space length on the
/// training set), the layers as a path in a group (generator norms, path complexity against the direct cost) for
/// residual blocks and square layers, and the residual flow (kinetic energy, path length of the data), each at
/// every checkpoint, and the kernel measures (the NTK RKHS norm of the learned change, Arora et al.'s data-dependent
/// complexity) when the training set has at most <see cref="InitialKernelComplexity.MaxExamples"/> examples. Lengths
/// are those of the polygon through the checkpoints.
/// </summary>
public static class ComplexityAnalysis
{
    /// <remarks><paramref name="progress"/> hears each checkpoint as it is measured.</remarks>
    public static IReadOnlyList<CheckpointComplexity> Measure(SavedRun run, ComplexityOptions options, IProgress<string>? progress = null)
    {
        options.Validate();
        run.RequireTrajectory();
        var network = run.Network;
        var train = run.Data.Train;
        var results = new List<CheckpointComplexity>();
        TrainingPath? path = null;
        InitialKernelComplexity? kernel = null;
        try
        {
            if (train.Count <= InitialKernelComplexity.MaxExamples)
            {
                run.Restore(0);
                using var initialOutputs = Evaluation.Outputs(network, train);
                kernel = new InitialKernelComplexity(network, train, initialOutputs);
            }
            foreach (long step in run.CheckpointSteps)
            {
                progress?.Report($"checkpoint {results.Count + 1}/{run.CheckpointSteps.Count} (step {step})");
                run.Restore(step);
                using var outputs = Evaluation.Outputs(network, train);
                if (path is null)
                {
                    using var start = network.Snapshot();
                    path = new TrainingPath(start.Entries, outputs);
                }
                var point = path.Advance(step, network.AllParameters(), outputs);
                results.Add(new CheckpointComplexity(step, point, Group(network, train.Inputs, options),
                    network is ResidualMlp residual ? ResidualFlow.Measure(residual, train.Inputs) : null,
                    kernel is null ? null : new KernelMeasures(kernel.RkhsNorm(outputs), kernel.LambdaMin, kernel.DataDependentComplexity)));
            }
        }
        finally
        {
            path?.Dispose();
            kernel?.Dispose();
        }
        return results;
    }

    private static GroupPathComplexity? Group(INetwork network, TorchSharp.torch.Tensor inputs, ComplexityOptions options)
    {
        var elements = LayerGroupElements.Of(network, inputs);
        try
        {
            if (elements.Count == 0) return null;
            using var metric = PenaltyMetric.Band(elements[0].Matrix.shape[0], options.BandHalfWidth, options.Q);
            return GroupPathComplexity.Measure(elements, metric);
        }
        finally
        {
            foreach (var e in elements) e.Dispose();
        }
    }
}
