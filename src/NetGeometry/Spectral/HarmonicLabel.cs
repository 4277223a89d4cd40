namespace NetGeometry.Spectral;

/// <summary>
/// The Gelfand-Tsetlin label of one real spherical harmonic on S^(d-1): a chain of degrees
/// l = k_d &gt;= k_(d-1) &gt;= ... &gt;= k_2 &gt;= 0 (<see cref="Degrees"/>[0] = k_d, ..., Degrees[d-2] = k_2), where k_j is the
/// function's degree on the sub-sphere of the first j coordinates, and, when k_2 &gt; 0, whether its circle factor is
/// Re (cos) or Im (sin) of (x_1 + i x_2)^(k_2). There are N(d, l) labels of degree l.
/// </summary>
/// <param name="Degrees">k_d, ..., k_2: d - 1 degrees, non-increasing.</param>
/// <param name="Sine">Whether the circle factor is Im (sin) rather than Re (cos); false when k_2 = 0.</param>
public sealed record HarmonicLabel(IReadOnlyList<int> Degrees, bool Sine)
{
    /// <summary>l = k_d, the harmonic's degree on the whole sphere.</summary>
    public int Degree => Degrees[0];

    /// <summary>The chain and, when k_2 &gt; 0, its circle factor: "(2,1) cos", "(3,0)".</summary>
    public override string ToString() =>
        $"({string.Join(",", Degrees)}){(Degrees[^1] == 0 ? "" : Sine ? " sin" : " cos")}";
}
