namespace NetGeometry.Landscapes;

/// <summary>The loss at one point of parameter space and, on classification data, the accuracy there.</summary>
internal readonly record struct LandscapePoint(double Loss, double? Accuracy);
