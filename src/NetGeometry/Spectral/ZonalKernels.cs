using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Spectral;

/// <summary>
/// A zonal kernel on the unit sphere, K(x, s) = kappa(x . s), given by its profile kappa on [-1, 1]. The profile is
/// written once, on tensors, and serves both the Gram matrix and the Funk-Hecke quadrature.
/// </summary>
/// <param name="Name">The name <see cref="ZonalKernels.Named"/> takes, e.g. "relu-ntk".</param>
/// <param name="Formula">kappa(t) written out, for reports.</param>
/// <param name="Profile">kappa on a tensor of t in [-1, 1], elementwise; the caller owns the result.</param>
public sealed record ZonalKernel(string Name, string Formula, Func<Tensor, Tensor> Profile)
{
    /// <summary>kappa(t) elementwise; t is clamped to [-1, 1] first (inner products of unit vectors can exceed 1 by
    /// rounding).</summary>
    public Tensor At(Tensor t)
    {
        using var clamped = t.clamp(Held(-1.0), Held(1.0));
        return Profile(clamped);
    }

    /// <summary>The Gram matrix K_ij = kappa(x_i . x_j) of unit-norm inputs x (n x d). mm, not matmul: TorchSharp's
    /// matmul does not catch libtorch's errors, so a failed allocation there aborts the process.</summary>
    public Tensor Gram(Tensor x)
    {
        using var inner = x.mm(x.t());
        return At(inner);
    }
}

/// <summary>
/// The named zonal kernels of one-hidden-layer ReLU networks with w ~ N(0, I_d), written with the arc-cosine
/// kernels of Cho &amp; Saul (NIPS 2009, eq. 6), which for unit vectors at angle theta = arccos t are
/// k_0(t) = (pi - theta) / pi and k_1(t) = (sin theta + (pi - theta) t) / pi.
/// </summary>
public static class ZonalKernels
{
    /// <summary>k_0(t) = 1 - arccos(t) / pi = 2 P(w . x &gt;= 0, w . s &gt;= 0) (Cho &amp; Saul 2009, degree 0).</summary>
    public static readonly ZonalKernel ArcCosine0 = new("arccos0", "k0(t) = (pi - arccos t) / pi", ArcCos0);

    /// <summary>k_1(t) = (sqrt(1 - t^2) + (pi - arccos t) t) / pi = 2 E[relu(w . x) relu(w . s)] (Cho &amp; Saul 2009,
    /// degree 1).</summary>
    public static readonly ZonalKernel ArcCosine1 = new("arccos1", "k1(t) = (sqrt(1 - t^2) + (pi - arccos t) t) / pi", ArcCos1);

    /// <summary>Du et al. (2019)'s H-inf and Su &amp; Yang (2019)'s K: kappa(t) = t (pi - arccos t) / (2 pi) = t k_0(t) / 2
    /// = E[x . s 1{w . x &gt;= 0, w . s &gt;= 0}], the kernel of training the first layer of f = m^-1/2 sum_r a_r
    /// relu(w_r . x) with a fixed.</summary>
    public static readonly ZonalKernel Du = new("du", "kappa(t) = t (pi - arccos t) / (2 pi)", t =>
    {
        using var k0 = ArcCos0(t);
        return k0.mul(t).div_(Held(2));
    });

    /// <summary>The NNGP kernel of the same network, E[relu(w . x) relu(w . s)] = k_1(t) / 2: the tangent kernel of
    /// its output layer a.</summary>
    public static readonly ZonalKernel ReluNngp = new("relu-nngp", "k1(t) / 2", t =>
    {
        using var k1 = ArcCos1(t);
        return k1.div(Held(2));
    });

    /// <summary>The NTK of the same network with both layers trained: du + relu-nngp = (t k_0(t) + k_1(t)) / 2.</summary>
    public static readonly ZonalKernel ReluNtk = new("relu-ntk", "(t k0(t) + k1(t)) / 2", t =>
    {
        using var first = Du.Profile(t);
        using var second = ReluNngp.Profile(t);
        return first.add(second, Held(1));
    });

    private static readonly ZonalKernel[] All = [Du, ReluNngp, ReluNtk, ArcCosine0, ArcCosine1];

    /// <summary>The kernels' names, as <see cref="Named"/> takes them: du, relu-nngp, relu-ntk, arccos0, arccos1.</summary>
    public static IReadOnlyList<string> Names => All.Select(k => k.Name).ToArray();

    /// <summary>The kernel of that name (case-insensitive); any other name is an <see cref="InputException"/> listing <see cref="Names"/>.</summary>
    public static ZonalKernel Named(string name) =>
        All.FirstOrDefault(k => k.Name == name.ToLowerInvariant())
        ?? throw new InputException($"unknown kernel '{name}': use {string.Join(", ", Names)}.");

    private static Tensor ArcCos0(Tensor t)
    {
        using var theta = t.arccos();
        return theta.neg().add_(Held(Math.PI), Held(1)).div_(Held(Math.PI));
    }

    private static Tensor ArcCos1(Tensor t)
    {
        using var theta = t.arccos();
        using var sine = theta.sin();
        return theta.neg().add_(Held(Math.PI), Held(1)).mul_(t).add_(sine, Held(1)).div_(Held(Math.PI));
    }
}
