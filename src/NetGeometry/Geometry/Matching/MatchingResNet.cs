using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Matching;

/// <summary>
/// A residual network on the plane read as a matching flow (Rousseau, Drumetz &amp; Fablet, J. Math. Imaging Vis. 2020,
/// eq. 1; Ben Amor, Arguillere &amp; Shao, ResNet-LDDMM, TPAMI 2022, eq. 6): x_(l+1) = x_l + h v_l(x_l), l = 0..L-1,
/// h = 1 / L, each velocity field a one-hidden-layer block v_l(x) = W2_l tanh(W1_l x + b1_l) + b2_l with H hidden units.
/// Each hidden unit is a ridge tanh(w . (x - c)) through a random centre c of the unit square (w ~ N(0, 5^2 I), a
/// frequency of the data's scale, b1 = -w . c); the output weights start small (N(0, 0.01^2)), so the network starts
/// near the identity map. The parameters require grad; <see cref="Parameters"/> is what an optimizer updates. Float64.
/// </summary>
internal sealed class MatchingResNet : IDisposable
{
    private const double RidgeScale = 5, OutputScale = 0.01;
    private readonly Tensor[] _initial;

    /// <summary>A network of <paramref name="blocks"/> blocks of <paramref name="hidden"/> units, initialized from <paramref name="seed"/>.</summary>
    public MatchingResNet(int blocks, int hidden, long seed)
    {
        if (blocks < 1) throw new ArgumentOutOfRangeException(nameof(blocks), blocks, "at least one block");
        if (hidden < 1) throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "at least one hidden unit");
        Blocks = blocks;
        using var scope = NewDisposeScope();
        using var g = Seeds.Generator(seed);
        var w1 = randn(blocks, hidden, 2, generator: g, dtype: ScalarType.Float64).mul(Held(RidgeScale));
        var centres = rand(blocks, hidden, 2, generator: g, dtype: ScalarType.Float64);
        var b1 = w1.mul(centres).sum(new long[] { -1 }).neg();
        var w2 = randn(blocks, 2, hidden, generator: g, dtype: ScalarType.Float64).mul(Held(OutputScale));
        var b2 = zeros(blocks, 2, dtype: ScalarType.Float64);
        _initial = [w1, b1, w2, b2];
        foreach (var t in _initial) t.DetachFromDisposeScope();
        Parameters = _initial.Select(t => t.clone().requires_grad_(true).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>L, the number of residual blocks.</summary>
    public int Blocks { get; }

    /// <summary>h = 1 / L.</summary>
    public double StepSize => 1.0 / Blocks;

    /// <summary>W1 [L, H, 2], b1 [L, H], W2 [L, 2, H], b2 [L, 2].</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The velocity field of block l at the points x [M, 2].</summary>
    public Tensor Velocity(int l, Tensor x) =>
        tanh(x.matmul(Parameters[0][l].mT).add(Parameters[1][l], Held(1))).matmul(Parameters[2][l].mT).add(Parameters[3][l], Held(1));

    /// <summary>The layer path x_0 = x, ..., x_L of the points x [M, 2] and each block's velocity v_l(x_l).</summary>
    public (IReadOnlyList<Tensor> States, IReadOnlyList<Tensor> Velocities) Path(Tensor x)
    {
        var states = new List<Tensor> { x };
        var velocities = new List<Tensor>();
        for (int l = 0; l < Blocks; l++)
        {
            velocities.Add(Velocity(l, states[l]));
            states.Add(states[l].add(velocities[l], Held(StepSize)));
        }
        return (states, velocities);
    }

    /// <summary>The kinetic energy of the flow on the points, sum_l h mean_i |v_l(x_(l,i))|^2 (Ben Amor et al. 2022, eq. 8:
    /// the discrete counterpart of LDDMM's integral of |v_t|^2, here in the plain norm over the points).</summary>
    public static Tensor KineticPenalty(IReadOnlyList<Tensor> velocities) =>
        stack(velocities.Select(v => v.pow(Held(2)).sum(new long[] { -1 }).mean()).ToArray()).sum().div(Held(velocities.Count));

    /// <summary>Sets block l's parameters back to their initial values until the returned object is disposed (Zhang,
    /// Bengio &amp; Singer's re-initialization of one layer).</summary>
    public IDisposable Reinitialize(int l)
    {
        if (l < 0 || l >= Blocks) throw new ArgumentOutOfRangeException(nameof(l), l, $"a block of 0..{Blocks - 1}");
        using var noGrad = no_grad();
        var trained = Parameters.Select(p => p[l].clone().DetachFromDisposeScope()).ToArray();
        for (int i = 0; i < Parameters.Count; i++) Parameters[i][l].copy_(_initial[i][l]);
        return new Restore(this, l, trained);
    }

    private sealed class Restore(MatchingResNet net, int l, Tensor[] trained) : IDisposable
    {
        public void Dispose()
        {
            using var noGrad = no_grad();
            for (int i = 0; i < trained.Length; i++)
            {
                net.Parameters[i][l].copy_(trained[i]);
                trained[i].Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in _initial.Concat(Parameters)) t.Dispose();
    }
}
