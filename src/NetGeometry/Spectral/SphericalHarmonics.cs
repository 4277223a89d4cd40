using NetGeometry.Numerics;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Spectral;

/// <summary>
/// Real spherical harmonics on S^(d-1), any d &gt;= 2 and any degree, orthonormal in L2 of the uniform probability
/// measure sigma. The basis is the Gelfand-Tsetlin one of hyperspherical coordinates (Higuchi 1987, J. Math. Phys. 28,
/// 1553; Atkinson &amp; Han 2012, Ch. 2): writing r_j = |(x_1, ..., x_j)|, the harmonic with label (k_d, ..., k_2) is
///   Y(x) = [sqrt(2) if k_2 &gt; 0] Re or Im (x_1 + i x_2)^(k_2) * prod_{j=3..d} A_j r_j^(n_j) C_(n_j)^(lambda_j)(x_j / r_j),
///   n_j = k_j - k_(j-1),  lambda_j = (j - 2)/2 + k_(j-1),  A_j = (c_j h_(n_j)^(lambda_j))^(-1/2),
/// where c_j is the slice constant of S^(j-1) (<see cref="SphereDimension.SliceConstant"/>) and
/// h_n^lambda = pi 2^(1 - 2 lambda) Gamma(n + 2 lambda) / (n! (n + lambda) Gamma(lambda)^2) is the squared norm of
/// C_n^lambda under the weight (1 - t^2)^(lambda - 1/2) (DLMF 18.3). Each factor is a homogeneous polynomial
/// (<see cref="Gegenbauer.Homogeneous"/>), so Y is a harmonic polynomial of degree l and nothing divides by r_j.
/// </summary>
public static class SphericalHarmonics
{
    /// <summary>The most label entries (N(d, l) (d - 1)) a basis may have: beyond, use the zonal harmonics.</summary>
    public const long MaxLabelEntries = 20_000_000;

    /// <summary>The N(d, l) labels of degree l, in a fixed order (k_(d-1) ascending, then recursively).</summary>
    public static IReadOnlyList<HarmonicLabel> Labels(int d, int l)
    {
        double count = HarmonicMultiplicity.Of(d, l);
        InputException.Require(count * (d - 1) <= MaxLabelEntries,
            $"the degree-{l} harmonics on S^{d - 1} number {count:G3}, too many for an explicit basis; use zonal harmonics instead.");
        var labels = new List<HarmonicLabel>((int)count);
        Enumerate(new int[d - 1], 0, l, labels);
        return labels;
    }

    private static void Enumerate(int[] chain, int position, int degree, List<HarmonicLabel> into)
    {
        chain[position] = degree;
        if (position == chain.Length - 1)
        {
            into.Add(new HarmonicLabel((int[])chain.Clone(), Sine: false));
            if (degree > 0) into.Add(new HarmonicLabel((int[])chain.Clone(), Sine: true));
            return;
        }
        for (int lower = 0; lower <= degree; lower++) Enumerate(chain, position + 1, lower, into);
    }

    /// <summary>Every degree-l basis harmonic at the points x (n x d, unit rows): n x N(d, l), columns in
    /// <see cref="Labels"/> order.</summary>
    public static Tensor Basis(Tensor x, int l) => Basis(x, Labels((int)x.shape[1], l));

    /// <summary>The given basis harmonics at the points x (n x d, unit rows): n x labels.Count.</summary>
    public static Tensor Basis(Tensor x, IReadOnlyList<HarmonicLabel> labels)
    {
        int d = (int)x.shape[1];
        SphereDimension.Require(d);
        if (labels.Any(label => label.Degrees.Count != d - 1))
            throw new ArgumentException($"labels on S^{d - 1} have {d - 1} degrees (k_d .. k_2).");
        int maxDegree = labels.Count == 0 ? 0 : labels.Max(label => label.Degree);
        var result = empty(x.shape[0], labels.Count, dtype: x.dtype, device: x.device);
        using var scope = NewDisposeScope();
        var r2 = x.pow(Held(2)).cumsum(1); // column j - 1 holds r_j^2 = x_1^2 + ... + x_j^2
        var (cos, sin) = CirclePowers(x.select(1, 0), x.select(1, 1), maxDegree);
        var factors = new Dictionary<(int Level, int Lower), Tensor[]>();
        Tensor Factor(int level, int lower, int n)
        {
            if (!factors.TryGetValue((level, lower), out var f))
            {
                double lambda = (level - 2) / 2.0 + lower;
                f = Gegenbauer.Homogeneous(maxDegree - lower, lambda, x.select(1, level - 1), r2.select(1, level - 1));
                for (int m = 0; m < f.Length; m++) f[m].mul_(Held(Normalization(level, m, lambda)));
                factors[(level, lower)] = f;
            }
            return f[n];
        }
        for (int i = 0; i < labels.Count; i++)
        {
            var degrees = labels[i].Degrees;
            int k2 = degrees[^1];
            using var y = (labels[i].Sine ? sin[k2] : cos[k2]).mul(Held(k2 > 0 ? Math.Sqrt(2) : 1.0));
            for (int level = 3; level <= d; level++)
            {
                int upper = degrees[d - level], lower = degrees[d - level + 1];
                y.mul_(Factor(level, lower, upper - lower));
            }
            result.select(1, i).copy_(y);
        }
        return result;
    }

    /// <summary>Re and Im of (x_1 + i x_2)^k for k = 0..maxDegree: on the circle, cos(k phi) and sin(k phi).</summary>
    private static (Tensor[] Cos, Tensor[] Sin) CirclePowers(Tensor x1, Tensor x2, int maxDegree)
    {
        var cos = new Tensor[maxDegree + 1];
        var sin = new Tensor[maxDegree + 1];
        cos[0] = ones_like(x1); sin[0] = zeros_like(x1);
        for (int k = 0; k < maxDegree; k++)
        {
            cos[k + 1] = x1.mul(cos[k]).sub_(x2.mul(sin[k]));
            sin[k + 1] = x1.mul(sin[k]).add_(x2.mul(cos[k]), Held(1));
        }
        return (cos, sin);
    }

    /// <summary>A_j = (c_j h_n^lambda)^(-1/2) for the factor of level j (the sphere S^(j-1)).</summary>
    private static double Normalization(int level, int n, double lambda)
    {
        double logH = Math.Log(Math.PI) + (1 - 2 * lambda) * Math.Log(2) + SpecialFunctions.LogGamma(n + 2 * lambda)
            - SpecialFunctions.LogGamma(n + 1) - Math.Log(n + lambda) - 2 * SpecialFunctions.LogGamma(lambda);
        return Math.Exp(-0.5 * (Math.Log(SphereDimension.SliceConstant(level)) + logH));
    }

    /// <summary>
    /// The zonal harmonic (reproducing kernel of the degree-l harmonics) Z_l(x_i, s_j) = N(d, l) P_{l,d}(x_i . s_j)
    /// for points x (n x d) and s (m x d): n x m. By the addition theorem (Atkinson &amp; Han 2012, Ch. 2) it equals
    /// sum_m Y_m(x) Y_m(s) over any orthonormal basis of degree l.
    /// </summary>
    public static Tensor Zonal(Tensor x, Tensor s, int l)
    {
        using var inner = x.matmul(s.t());
        using var p = LegendreAt((int)x.shape[1], l, inner);
        return p.mul(Held(HarmonicMultiplicity.Of((int)x.shape[1], l)));
    }

    /// <summary>sqrt(N(d, l)) P_{l,d}(x . pole): the degree-l harmonic symmetric about <paramref name="pole"/> (a unit
    /// vector of length d), with unit norm in L2(sigma) (||P_{l,d}(x . e)||^2 = 1 / N(d, l)). A vector of length n.</summary>
    public static Tensor UnitZonal(Tensor x, Tensor pole, int l)
    {
        using var inner = x.matmul(pole.reshape(-1));
        using var p = LegendreAt((int)x.shape[1], l, inner);
        return p.mul(Held(Math.Sqrt(HarmonicMultiplicity.Of((int)x.shape[1], l))));
    }

    private static Tensor LegendreAt(int d, int l, Tensor t)
    {
        using var clamped = t.clamp(Held(-1.0), Held(1.0));
        var all = Gegenbauer.Legendre(d, l, clamped);
        for (int i = 0; i < l; i++) all[i].Dispose();
        return all[l];
    }
}
