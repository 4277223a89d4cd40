using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// Q = R itself, for the two methods that keep R orthogonal by training rather than by construction: OGD (an
/// optimizer that moves R along the orthogonal group) and OR (a soft penalty on ||R R^T - I||_F). Not orthogonal by
/// itself; its orthogonality error is what those methods control. Q(I) = I.
/// </summary>
internal sealed class Unconstrained(OrthogonalMethod method) : IOrthogonalizer
{
    public OrthogonalMethod Method { get; } = method;

    public Tensor Orthogonalize(Tensor r)
    {
        SquareMatrix.Check(r);
        return r.alias();
    }

    public Tensor IdentityParameter(long d, ScalarType dtype, Device? device) => eye(d, dtype: dtype, device: device);
}
