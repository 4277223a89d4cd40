using NetGeometry.Landscapes;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Analyses.Landscapes;

/// <summary>The loss on a straight line theta_a + t (theta_b - theta_a), with the barrier over t in [0, 1] (<see cref="ModeConnectivity"/>).</summary>
internal sealed record LandscapeLine(string Name, string Title, double[] T, LandscapePoint[] Points, double Barrier);

/// <summary>A recorded checkpoint: its step, its position t on the line from initialization to the final weights (the
/// projection of theta_t - theta_0 on theta* - theta_0), and the loss there.</summary>
internal sealed record PathPoint(long Step, double T, LandscapePoint Point);

/// <summary>
/// A 2D landscape L(theta* + a First + b Second) on the grid A x B (Points[i, j] at (A[i], B[j])), with the recorded
/// path's coordinates where the plane is the trajectory's, and a note saying what the plane is (explained variance,
/// Hessian eigenvalues).
/// </summary>
/// <param name="ExplainedVariance">On the trajectory's plane, the share of the trajectory's variance each direction explains; else null.</param>
internal sealed record LandscapePlane(string Name, string Title, string Note, double[] A, double[] B, LandscapePoint[,] Points,
    Tensor First, Tensor Second, IReadOnlyList<(long Step, double A, double B)>? Path, IReadOnlyList<double>? ExplainedVariance = null) : IDisposable
{
    /// <summary>The grid and the path as <see cref="Reporting.LandscapeContour"/> draws them.</summary>
    public Reporting.ContourDrawing Drawing => new(Title, A, B, Points, Path);

    public void Dispose()
    {
        First.Dispose();
        Second.Dispose();
    }
}

/// <summary>Everything netgeo landscape measured: the loss at theta*, the lines, the loss along the recorded path and the planes.</summary>
internal sealed record LandscapeResult(LandscapePoint Origin, IReadOnlyList<LandscapeLine> Lines, IReadOnlyList<PathPoint> Path,
    IReadOnlyList<LandscapePlane> Planes, double Seconds) : IDisposable
{
    public void Dispose()
    {
        foreach (var plane in Planes) plane.Dispose();
    }
}
