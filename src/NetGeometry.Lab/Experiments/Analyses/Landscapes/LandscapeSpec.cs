using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;

namespace NetGeometry.Experiments.Analyses.Landscapes;

/// <summary>
/// What `netgeo landscape` draws, as plain values: the loss landscape of a run's network around its final weights (on
/// its training set and loss) or of a TorchScript model (on the first <see cref="Examples"/> of <see cref="Data"/>):
/// lines (initialization to final, final to <see cref="Other"/>'s final) and planes (<see cref="Planes"/>: random
/// filter-normalized, top-2 Hessian, trajectory PCA) on a <see cref="Grid"/> x <see cref="Grid"/> grid.
/// </summary>
internal sealed record LandscapeSpec
{
    /// <summary>The plane of two filter-normalized random directions.</summary>
    public const string Random = "random";
    /// <summary>The plane of the top-2 Hessian eigenvectors.</summary>
    public const string Hessian = "hessian";
    /// <summary>The plane of the trajectory's first two principal components.</summary>
    public const string Pca = "pca";
    /// <summary>The planes, in the order they are drawn.</summary>
    public static readonly IReadOnlyList<string> PlaneNames = [Random, Hessian, Pca];
    /// <summary>The largest grid side: 101 x 101 = 10,201 evaluations of the loss over the data.</summary>
    public const int MaxGrid = 101;
    /// <summary>The most points of a line.</summary>
    public const int MaxLinePoints = 1001;

    public string? Run { get; init; }
    public string? TorchScript { get; init; }
    public long[]? InputShape { get; init; }
    public string? Loss { get; init; }
    public DataSpec Data { get; init; } = new();
    public int? Examples { get; init; }
    public int? BatchSize { get; init; }
    /// <summary>A second run directory (or, with <see cref="TorchScript"/>, a second TorchScript file) whose final weights end the mode-connectivity line.</summary>
    public string? Other { get; init; }
    /// <summary>The planes by name; null: every one that applies (pca needs a run with three checkpoints or more).</summary>
    public string[]? Planes { get; init; }
    public int Grid { get; init; } = 21;
    /// <summary>Random and Hessian planes span [-Range, Range] in units of the filter-normalized direction.</summary>
    public double Range { get; init; } = 1;
    /// <summary>Points on each line, t in [-0.5, 1.5]; 0: no lines.</summary>
    public int LinePoints { get; init; } = 41;
    public long Seed { get; init; }
    /// <summary>Lanczos' product budget for the Hessian plane.</summary>
    public int MaxProducts { get; init; } = 100;

    /// <summary>Examples per batch: the given size, else all up to 10,000, then 10,000.</summary>
    public int BatchSizeFor(long count) => (int)Math.Min(BatchSize ?? HessianSpec.DefaultBatchSize, count);

    /// <summary>The planes asked for; a name not in <see cref="PlaneNames"/> is an <see cref="InputException"/>.</summary>
    public IReadOnlyList<string> ChosenPlanes(bool hasTrajectory) => Planes is null
        ? PlaneNames.Where(p => p != Pca || hasTrajectory).ToList()
        : Planes.Select(p => p.ToLowerInvariant()).Distinct().Select(p => PlaneNames.Contains(p) ? p
            : throw new InputException($"--planes: '{p}' is none of {string.Join(", ", PlaneNames)}.")).ToList();

    /// <summary>Throws an <see cref="InputException"/> for settings that cannot go together, before anything is loaded.</summary>
    public void Validate()
    {
        InputException.Require(Run is null != TorchScript is null,
            "netgeo landscape needs a run directory (netgeo landscape runs/train-<time>) or --torchscript model.pt, not both.");
        InputException.Require(Grid is >= 2 and <= MaxGrid, $"--grid must be 2 to {MaxGrid} points a side, got {Grid}.");
        InputException.Require(LinePoints == 0 || LinePoints is >= 5 and <= MaxLinePoints, $"--line-points must be 0 (no lines) or 5 to {MaxLinePoints}, got {LinePoints}.");
        ChosenPlanes(hasTrajectory: true);
        if (TorchScript is null)
        {
            InputException.Require(InputShape is null && Loss is null,
                "--input-shape and --loss apply to --torchscript only: a run takes its data and loss from its spec.json.");
            return;
        }
        InputException.Require(InputShape is not null, "--torchscript needs --input-shape, the shape of one example as the model takes it, e.g. 1,28,28.");
        InputException.Require(Loss is not null, "--torchscript needs --loss square or cross-entropy.");
        ModelLoss.Parse(Loss!);
        InputException.Require(Planes is null || !Planes.Contains(Pca, StringComparer.OrdinalIgnoreCase),
            "--planes pca needs the recorded trajectory of a run directory; a --torchscript model has none.");
    }
}
