using NetGeometry.Curvature;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// A curvature measurement ready to run, every input checked and loaded: the spec, a factory of each matrix as an
/// operator on (model, loss, batches) (a run's network and a TorchScript model alike), the examples and batches it sums
/// over, the step its metrics are recorded at, and the spec.json of its run directory. Disposing it frees the model
/// and the data it holds.
/// </summary>
public sealed class PreparedHessian : IDisposable
{
    private readonly Func<CurvatureMatrix, LossCurvature> create;
    private readonly IReadOnlyList<IDisposable> owned;

    internal PreparedHessian(HessianSpec spec, Func<CurvatureMatrix, LossCurvature> create, long examples, int batchSize, int batches,
        long step, string specJson, IReadOnlyList<IDisposable> owned)
    {
        Spec = spec;
        this.create = create;
        Examples = examples;
        BatchSize = batchSize;
        Batches = batches;
        Step = step;
        SpecJson = specJson;
        this.owned = owned;
    }

    /// <summary>What is measured, and how.</summary>
    public HessianSpec Spec { get; }
    /// <summary>The examples the matrices sum over.</summary>
    public long Examples { get; }
    /// <summary>Examples per batch (the last batch may be smaller).</summary>
    public int BatchSize { get; }
    /// <summary>The number of batches.</summary>
    public int Batches { get; }
    /// <summary>The step the metrics are recorded at: the run's checkpoint, 0 at initialization and for a TorchScript model.</summary>
    public long Step { get; }
    /// <summary>The run directory's spec.json: the spec as resolved, and where model and data came from.</summary>
    public string SpecJson { get; }

    /// <summary>"1000 examples in 4 batches", for progress lines.</summary>
    public string Scope => $"{Examples} examples in {Batches} batch{(Batches == 1 ? "" : "es")}";

    /// <summary>The matrix as an operator on the model's parameters, keeping batch graphs up to the spec's
    /// <see cref="HessianSpec.GraphMemory"/>; the caller disposes it.</summary>
    public LossCurvature Create(CurvatureMatrix matrix)
    {
        var op = create(matrix);
        op.GraphMemory = Spec.GraphMemory;
        return op;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var o in owned.Reverse()) o.Dispose();
    }
}
