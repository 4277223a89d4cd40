using NetGeometry.Landscapes;

namespace NetGeometry.Reporting;

/// <summary>
/// What <see cref="LandscapeContour"/> draws of a 2D loss landscape (Li, Xu, Taylor, Studer &amp; Goldstein, NeurIPS
/// 2018, sec. 4 and 7), as plain values: the plane's title, the grid A x B (Points[i, j] at (A[i], B[j])) and, on a
/// trajectory's plane, the recorded path's coordinates. netgeo landscape's planes and report figures
/// (<see cref="Figure.Contour"/>) both draw one.
/// </summary>
internal sealed record ContourDrawing(string Title, double[] A, double[] B, LandscapePoint[,] Points, IReadOnlyList<(long Step, double A, double B)>? Path);
