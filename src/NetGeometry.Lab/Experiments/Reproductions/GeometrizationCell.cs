using NetGeometry.Experiments.Analyses;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Kernels;
using NetGeometry.Networks;
using NetGeometry.Sensitivity;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>One layer of a trained cell: its re-initialization damage (error with the layer reset to its initial
/// value, minus the trained network's), relative movement ||theta_T - theta_0|| / ||theta_0||, generator norm
/// ||log J_l||_G (NaN for layers that are not group elements) and Fisher block trace tr(J_l^T J_l) / n.</summary>
public sealed record LayerGeometry(string Layer, double Damage, double RelativeMovement, double GeneratorNorm, double FisherTrace);

/// <summary>
/// What the geometrization reproduction measures on one finished sweep cell: its coordinates (Model is the family:
/// mlp, residual-mlp or orthogonal-mlp, an MLP with OPT layers), the generalization gap test_loss - train_loss, the
/// complexity measures (final values of the probes, and the layers' group path complexity from the run's checkpoints),
/// the convergence quantities, the per-layer sensitivity and geometry, and the geodesic ratio C_path / C_direct at the
/// first checkpoint where it is defined and at the end (NaN where the network has fewer than two group elements). The
/// first defined checkpoint is initialization for residual MLPs and square MLP layers, and the first one after it for
/// orthogonal MLPs, whose layers all start at Q = I (C_path = C_direct = 0).
/// </summary>
public sealed record GeometrizationCell(
    string Source, string Model, int Width, int Depth, double LabelNoise, double Gap, IReadOnlyDictionary<string, double> Complexity,
    double Straightness, double LengthPerLossDecrease, double LambdaMin, IReadOnlyList<LayerGeometry> Layers,
    double InitialGeodesicRatio, double FinalGeodesicRatio)
{
    public const string Orthogonal = "orthogonal-mlp";

    /// <summary>The family of a cell's network: its model, or orthogonal-mlp for an MLP with OPT layers.</summary>
    public static string Family(NetworkSpec network) => network.Opt is null ? network.Model : Orthogonal;

    /// <summary>The complexity measures compared with the gap: metric name, the short name its claims' names use, and what it is.</summary>
    public static readonly (string Metric, string Name, string Text)[] Measures =
    [
        ("distance_from_init", "distance", "distance from initialization ||theta_T - theta_0||"),
        ("relative_distance_from_init", "relative-distance", "relative distance ||theta_T - theta_0|| / ||theta_0||"),
        ("trajectory_length", "trajectory-length", "trajectory length sum_t ||theta_{t+1} - theta_t||"),
        ("function_space_length", "function-length", "function-space length sum_t ||f_{t+1} - f_t|| / sqrt(n)"),
        ("rkhs_norm", "rkhs-norm", "NTK RKHS norm of the learned change ||f_T - f_0||_K0"),
        ("data_dependent_complexity", "data-complexity", "data-dependent complexity sqrt(2 y^T (H-inf)^-1 y / n)"),
        ("path_complexity", "path-complexity", "layer path complexity C_path = sum_l ||log J_l||_G"),
    ];

    /// <summary>Measures a finished cell: stored metrics, then its run directory (a <see cref="SavedRun"/>) for
    /// the group path, the re-initialization damage and the Fisher block traces.</summary>
    public static GeometrizationCell Measure(CellResult cell, string sweepDirectory)
    {
        var spec = cell.Cell.Spec;
        using var run = SavedRun.Open(Path.Combine(sweepDirectory, cell.Run.Folder!));
        var checkpoints = ComplexityAnalysis.Measure(run, new ComplexityOptions());
        var sensitivity = SensitivityAnalysis.Measure(run, new SensitivityOptions { Draws = 1, MaxColumns = 2 });
        run.Restore(run.FinalStep);
        var fisher = FisherBlockTraces(run);
        var generators = checkpoints[^1].Group?.Layers.ToDictionary(l => l.Layer, l => l.Norm) ?? new Dictionary<string, double>();
        var layers = sensitivity.Layers.Select((layer, l) => new LayerGeometry(layer,
            sensitivity.Reinitialized[l, 0] - sensitivity.Baseline,
            cell.Final("relative_distance_from_init", layer),
            generators.GetValueOrDefault(layer, double.NaN),
            fisher.GetValueOrDefault(layer, double.NaN))).ToList();

        var complexity = Measures.ToDictionary(m => m.Metric, m => cell.Final(m.Metric));
        complexity["path_complexity"] = checkpoints[^1].Group?.PathComplexity ?? double.NaN;
        var loss = cell.Series("train_loss");
        double decrease = loss.Count > 0 ? loss[0].Value - loss[^1].Value : double.NaN;
        var ratios = checkpoints.Select(Ratio).ToList();
        return new GeometrizationCell(spec.Data.Source, Family(spec.Network), spec.Network.Widths[0], spec.Network.Depth ?? 0, spec.Data.LabelNoise,
            cell.Final("test_loss") - cell.Final("train_loss"), complexity, cell.Final("straightness"),
            decrease > 0 ? cell.Final("trajectory_length") / decrease : double.NaN, cell.Final("rkhs_kernel_lambda_min"), layers,
            ratios.SkipLast(1).FirstOrDefault(double.IsFinite, double.NaN), ratios[^1]);
    }

    /// <summary>Needs at least two group elements: with one, path and direct cost coincide by definition.</summary>
    private static double Ratio(CheckpointComplexity c) => c.Group is { Layers.Count: >= 2 } g ? g.Ratio : double.NaN;

    /// <summary>
    /// The trace of each trained layer's diagonal block of the Gauss-Newton (Fisher, for the square loss
    /// 1/(2n) sum ||f - y||^2) matrix G = J^T J / n on the training set: tr(J_l^T J_l) / n = tr(Theta_l) / n, Theta_l the
    /// layer's traced empirical NTK (Jacot et al. 2018), exact.
    /// </summary>
    private static Dictionary<string, double> FisherBlockTraces(SavedRun run)
    {
        var train = run.Data.Train;
        return run.Network.Layers.Where(l => l.Trainable).ToDictionary(l => l.Name, l =>
        {
            using var kernel = EmpiricalNtk.Compute(run.Network, train.Inputs, options: new NtkOptions { Layers = [l.Name] });
            using var trace = kernel.trace();
            return trace.item<double>() / train.Count;
        });
    }
}
