using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// What `netgeo hessian` measures, as plain values: the curvature matrices (<see cref="Matrices"/>) of a training run's
/// network (<see cref="Run"/>, at initialization or at the checkpoint <see cref="Step"/>, on its training set and loss)
/// or of a PyTorch model saved as TorchScript (<see cref="TorchScript"/>, on the first <see cref="Examples"/> of
/// <see cref="Data"/> shaped by <see cref="InputShape"/>, with <see cref="Loss"/>), summed over batches of
/// <see cref="BatchSize"/>, whole and (<see cref="PerLayer"/>) per layer, with the spectrum settings of
/// <see cref="Settings"/>.
/// </summary>
public sealed record HessianSpec
{
    /// <summary>Without <see cref="BatchSize"/>, up to this many examples are one batch (one graph, built once); more are cut into batches of this size.</summary>
    public const int DefaultBatchSize = 10_000;

    /// <summary>The part of <see cref="Measure"/> that is the top eigenvalues by Lanczos.</summary>
    public const string Eigenvalues = "eigenvalues";
    /// <summary>The part of <see cref="Measure"/> that is the trace by Hutch++.</summary>
    public const string Trace = "trace";
    /// <summary>The part of <see cref="Measure"/> that is the spectral density by stochastic Lanczos quadrature.</summary>
    public const string Density = "density";
    /// <summary>Every part, in the order they are measured.</summary>
    public static readonly IReadOnlyList<string> MeasureNames = [Eigenvalues, Trace, Density];

    /// <summary>The run name (the run directory starts with it).</summary>
    public string Name { get; init; } = "hessian";
    /// <summary>The seed of every random draw: start vectors, probes, and synthetic data for a TorchScript model.</summary>
    public long Seed { get; init; }
    /// <summary>A run directory written by netgeo train (its spec.json rebuilds network, data and loss); give it or <see cref="TorchScript"/>.</summary>
    public string? Run { get; init; }
    /// <summary>The checkpoint step of <see cref="Run"/>; null is the initialization, rebuilt from the run's seed.</summary>
    public long? Step { get; init; }
    /// <summary>A TorchScript file (torch.jit.trace(model, x).save(path)) measured in place of a run's network.</summary>
    public string? TorchScript { get; init; }
    /// <summary>With <see cref="TorchScript"/>: the shape of one example as the model takes it (1, 28, 28 for Fashion-MNIST images).</summary>
    public long[]? InputShape { get; init; }
    /// <summary>With <see cref="TorchScript"/>: square or cross-entropy (<see cref="ModelLoss.Parse"/>).</summary>
    public string? Loss { get; init; }
    /// <summary>With <see cref="TorchScript"/>: the data whose first <see cref="Examples"/> training examples are used.</summary>
    public DataSpec Data { get; init; } = new();
    /// <summary>The first this many training examples; null: all.</summary>
    public int? Examples { get; init; }
    /// <summary>Examples per batch; null: <see cref="DefaultBatchSize"/>'s rule (<see cref="BatchSizeFor"/>).</summary>
    public int? BatchSize { get; init; }
    /// <summary>The most memory, in bytes, kept batch graphs may take across products (<see cref="LossCurvature.GraphMemory"/>;
    /// 0: each batch's graph is rebuilt at every product).</summary>
    public double GraphMemory { get; init; }
    /// <summary>The curvature matrices by name (<see cref="CurvatureMatrices.Names"/>).</summary>
    public string[] Matrices { get; init; } = ["loss", "ggn"];
    /// <summary>Also measure each trainable layer's diagonal block.</summary>
    public bool PerLayer { get; init; }
    /// <summary>Eigenvalues computed by Lanczos.</summary>
    public int TopK { get; init; } = 5;
    /// <summary>Which end of the spectrum: largest, smallest or magnitude.</summary>
    public string Which { get; init; } = "largest";
    /// <summary>The relative residual every Lanczos eigenpair must reach.</summary>
    public double Tolerance { get; init; } = 1e-6;
    /// <summary>Lanczos gives up after this many operator products.</summary>
    public int MaxProducts { get; init; } = 300;
    /// <summary>Operator products Hutch++ spends on the trace.</summary>
    public int TraceProducts { get; init; } = 60;
    /// <summary>Random start vectors of the spectral density.</summary>
    public int DensityProbes { get; init; } = 4;
    /// <summary>Lanczos steps per start vector of the spectral density.</summary>
    public int DensitySteps { get; init; } = 60;
    /// <summary>The width of the Gaussian smoothing the density; null: 1% of the spectrum's span.</summary>
    public double? Sigma { get; init; }
    /// <summary>What each block measures, by name (<see cref="MeasureNames"/>): on a large model each part is a long run of
    /// products over all examples, so the eigenvalues and the trace with the density can be separate runs.</summary>
    public string[] Measure { get; init; } = [Eigenvalues, Trace, Density];

    /// <summary>The end of the spectrum <see cref="Which"/> names; anything else is an <see cref="InputException"/>.</summary>
    public SpectrumEnd End() => Which.ToLowerInvariant() switch
    {
        "largest" => SpectrumEnd.Largest,
        "smallest" => SpectrumEnd.Smallest,
        "magnitude" => SpectrumEnd.LargestMagnitude,
        _ => throw new InputException($"--which must be largest, smallest or magnitude, got '{Which}'."),
    };

    /// <summary>The work each block's spectrum summary does.</summary>
    public SpectrumSettings Settings() => new()
    {
        TopK = TopK,
        End = End(),
        Tolerance = Tolerance,
        MaxProducts = MaxProducts,
        TraceProducts = TraceProducts,
        DensityProbes = DensityProbes,
        DensitySteps = DensitySteps,
        Seed = Seed,
    };

    /// <summary>The parts of <see cref="Measure"/>; a name not in <see cref="MeasureNames"/> is an <see cref="InputException"/>.</summary>
    public IReadOnlySet<string> Parts() => Measure.Select(m => m.ToLowerInvariant()).Select(m => MeasureNames.Contains(m) ? m
        : throw new InputException($"--measure: '{m}' is none of {string.Join(", ", MeasureNames)}.")).ToHashSet();

    /// <summary>The matrices named, each once, in the order named.</summary>
    public IReadOnlyList<CurvatureMatrix> Kinds() => Matrices.Select(CurvatureMatrices.Parse).Distinct().ToList();

    /// <summary><see cref="BatchSize"/>, or by default all <paramref name="count"/> examples in one batch up to <see cref="DefaultBatchSize"/>, then batches of that size.</summary>
    public int BatchSizeFor(long count) =>
        (int)(BatchSize is { } b ? Math.Min(b, count) : count <= DefaultBatchSize ? count : DefaultBatchSize);

    /// <summary>Throws an <see cref="InputException"/> for settings that cannot go together (before anything is loaded).</summary>
    public void Validate()
    {
        var settings = Settings();
        InputException.Require(GraphMemory >= 0, $"--graph-memory must be a size of at least 0, got {GraphMemory}.");
        MemoryBudget.Require(GraphMemory, "--graph-memory");
        InputException.Require(settings.MaxProducts >= settings.TopK, $"--max-products must be at least --top-k ({settings.TopK}), got {settings.MaxProducts}.");
        InputException.Require(Parts().Count > 0, $"--measure: name at least one of {string.Join(", ", MeasureNames)}.");
        InputException.Require(Kinds().Count > 0, $"--matrices: name at least one of {string.Join(", ", CurvatureMatrices.Names)}.");
        InputException.Require(Run is null != TorchScript is null,
            "give --run (a run directory written by netgeo train) or --torchscript (a TorchScript file), not both and not neither.");
        if (TorchScript is null)
        {
            InputException.Require(InputShape is null && Loss is null,
                "--input-shape and --loss apply to --torchscript only: --run takes the data and loss from the run's spec.json.");
            return;
        }
        InputException.Require(Step is null, "--step picks a checkpoint of --run; a --torchscript file holds its own weights, so drop --step.");
        InputException.Require(InputShape is not null, "--torchscript needs --input-shape, the shape of one example as the model takes it, e.g. 1,28,28.");
        InputException.Require(Loss is not null, "--torchscript needs --loss square or cross-entropy.");
        ModelLoss.Parse(Loss!);
    }
}
