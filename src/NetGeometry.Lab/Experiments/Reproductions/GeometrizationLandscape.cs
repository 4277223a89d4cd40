using NetGeometry.Experiments.Analyses.Landscapes;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Reporting;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// One network family's representative cell on the PCA plane of its training trajectory (Li, Xu, Taylor, Studer &amp;
/// Goldstein, Visualizing the loss landscape of neural nets, NeurIPS 2018, sec. 7): the plane through the final weights
/// theta_T spanned by the top-2 principal directions of theta_t - theta_T over the cell's checkpoints, the training
/// loss on a <see cref="Grid"/> x <see cref="Grid"/> grid of it, and the path projected onto it, measured as netgeo
/// landscape measures a run folder (<see cref="LandscapeSources"/>, <see cref="LandscapeAnalysis"/>). A family's
/// representative cell (<see cref="IsRepresentative"/>) keeps every scheduled checkpoint
/// (<see cref="Geometrization.CheckpointsRead"/>); the others keep too few for a plane.
/// </summary>
/// <param name="Family">The family (<see cref="GeometrizationCell.Model"/>).</param>
/// <param name="Spec">The cell's run.</param>
/// <param name="Examples">The training examples the loss is summed over.</param>
/// <param name="ExplainedVariance">The share of the trajectory's variance each of the two directions explains.</param>
/// <param name="Drawing">The loss grid and the projected path, theta_T at the origin.</param>
internal sealed record GeometrizationLandscape(string Family, RunSpec Spec, long Examples, IReadOnlyList<double> ExplainedVariance, ContourDrawing Drawing)
{
    /// <summary>Points on each side of the loss grid.</summary>
    public const int Grid = 15;

    /// <summary>The representative cells' width: the widest of both profiles.</summary>
    public const int Width = 128;

    /// <summary>
    /// Whether a cell is its family's representative: the Fashion-MNIST source, width <see cref="Width"/>, label noise 0,
    /// seed 0 and the family's shallowest network (its first in <see cref="Geometrization.Networks"/>), one cell per
    /// family in each profile.
    /// </summary>
    public static bool IsRepresentative(RunSpec spec) =>
        spec.Data.Source == Geometrization.Sources[0] && spec.Network.Widths[0] == Width && spec.Data.LabelNoise == 0 && spec.Seed == 0 &&
        spec.Network.Depth == Shallowest(GeometrizationCell.Family(spec.Network));

    private static int? Shallowest(string family) => Geometrization.Networks
        .Where(n => (n["opt"] is null ? (string?)n["model"] : GeometrizationCell.Orthogonal) == family)
        .Min(n => (int?)n["depth"]);

    /// <summary>The landscapes of the finished representative cells, in the sweep's order; a cell with fewer than three
    /// checkpoints (one stored before its checkpoints were all kept) has none.</summary>
    public static IReadOnlyList<GeometrizationLandscape> Of(SweepResults results) =>
        results.Completed.Where(c => IsRepresentative(c.Cell.Spec)).Select(c => Measure(c, results.Directory)).OfType<GeometrizationLandscape>().ToList();

    private static GeometrizationLandscape? Measure(CellResult cell, string sweepDirectory)
    {
        var spec = new LandscapeSpec { Run = Path.Combine(sweepDirectory, cell.Run.Folder!), Planes = [LandscapeSpec.Pca], Grid = Grid, LinePoints = 0 };
        using var prepared = LandscapeSources.Prepare(spec);
        if (prepared.Trajectory.Count < 3) return null;
        using var result = LandscapeAnalysis.Measure(prepared, progress: null);
        var plane = result.Planes.Single();
        return new GeometrizationLandscape(GeometrizationCell.Family(cell.Cell.Spec.Network), cell.Cell.Spec, prepared.Data.Count,
            plane.ExplainedVariance!, plane.Drawing);
    }
}
