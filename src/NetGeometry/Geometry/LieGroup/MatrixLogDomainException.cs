namespace NetGeometry.Geometry.LieGroup;

/// <summary>
/// A matrix outside the domain of the principal logarithm: singular, or with an eigenvalue on (or within
/// <see cref="MatrixLog.BranchCutTolerance"/> of) the closed negative real axis. The message is one line naming the
/// eigenvalue. Callers measuring a network report the layer as undefined; callers given the matrix by a user turn it
/// into an input error.
/// </summary>
public sealed class MatrixLogDomainException(string message) : ArgumentException(message);
