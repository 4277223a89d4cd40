using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// What the six maps R -> Q of OPT (Liu et al., CVPR 2021, Sec. 3-4) have in common and where they differ, from one
/// free parameter R and one set of neurons V (N x D). Every map gives an orthogonal Q, so every W_m = V Q_m^T lies in
/// the same class {V Q^T : Q orthogonal}: W_m W_m^T = V Q_m^T Q_m V^T = V V^T, the same norms and angles of the neurons
/// (<see cref="GramDeviation"/>, the largest ||W_m W_m^T - V V^T||_F / ||V V^T||_F). Which Q a given R names is what
/// each parameterization defines; where two definitions coincide the maps must agree (<see cref="AgreementDeviation"/>,
/// the largest of): LS and NS both define the polar factor of R; GS defines Q^T as the Q factor of R^T = Q^T T with a
/// positive diagonal in T (compared with libtorch's QR); CP, (I - S)^-1 (I + S), and EXP, exp(S), are functions of the
/// same skew S, so they commute (||Q_cp Q_exp - Q_exp Q_cp||_F). Maps with different definitions name different matrices:
/// <see cref="SmallestDifference"/> is the smallest ||Q_a - Q_b||_F over such pairs (GS, HR, the polar factor, CP, EXP).
/// </summary>
public sealed record FunctionClassComparison(double GramDeviation, double AgreementDeviation, double SmallestDifference, string ClosestPair)
{
    /// <summary>Every map applied to the free parameter <paramref name="r"/> (D x D) and compared on the neurons
    /// <paramref name="v"/> (N x D).</summary>
    /// <exception cref="ArgumentException"><paramref name="r"/> is not a non-empty square matrix, or <paramref name="v"/> is
    /// not N x D.</exception>
    public static FunctionClassComparison Of(Tensor r, Tensor v)
    {
        SquareMatrix.Check(r);
        if (v.dim() != 2 || v.shape[1] != r.shape[0])
            throw new ArgumentException($"V must be N x {r.shape[0]} to be turned by a {r.shape[0]} x {r.shape[0]} Q; it is {string.Join(" x ", v.shape)}.");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var q = OrthogonalMethods.Maps.ToDictionary(n => n, n => OrthogonalMethods.Parse(n).CreateOrthogonalizer().Orthogonalize(r));

        var gram = v.matmul(v.t());
        double gramDeviation = q.Values.Max(qm => v.matmul(qm.t()).matmul(qm).matmul(v.t()).sub(gram).norm().item<double>() / gram.norm().item<double>());

        var (qr, triangular) = linalg.qr(r.t());
        var qrFactor = qr.mul(triangular.diagonal().sign().unsqueeze(0)).t();
        double agreement = new[]
        {
            q["ls"].sub(q["ns"]).norm().item<double>(),
            q["gs"].sub(qrFactor).norm().item<double>(),
            q["cp"].matmul(q["exp"]).sub(q["exp"].matmul(q["cp"])).norm().item<double>(),
        }.Max();

        var distinct = new[] { "gs", "hr", "ls", "cp", "exp" };
        var pairs = distinct.SelectMany((a, i) => distinct.Skip(i + 1).Select(b => (Pair: $"{a}-{b}", Difference: q[a].sub(q[b]).norm().item<double>())));
        var closest = pairs.MinBy(p => p.Difference);
        return new FunctionClassComparison(gramDeviation, agreement, closest.Difference, closest.Pair);
    }

    /// <summary>The largest deviation from what the parameterizations define: round-off when they hold.</summary>
    public double Deviation => Math.Max(GramDeviation, AgreementDeviation);
}
