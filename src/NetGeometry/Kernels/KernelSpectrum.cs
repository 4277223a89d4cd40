namespace NetGeometry.Kernels;

/// <summary>
/// What the spectrum of a symmetric positive semi-definite kernel matrix K (n x n) says about it.
/// <list type="bullet">
/// <item>Eigenvalues: all n, largest first.</item>
/// <item>LambdaMax, LambdaMin: the ends of the spectrum (Du et al.'s lambda_0 is LambdaMin of H-inf).</item>
/// <item>ConditionNumber: LambdaMax / LambdaMin; +infinity when LambdaMin &lt;= 0 (a singular kernel).</item>
/// <item>Trace: sum_i K_ii = sum_i lambda_i.</item>
/// <item>EntropyEffectiveRank: exp(H(p)), H(p) = -sum_i p_i ln p_i the Shannon entropy of p_i = lambda_i / sum_j lambda_j,
/// with round-off negatives counted as 0 (Roy &amp; Vetterli 2007); between 1 (one direction) and n (K = c I).</item>
/// <item>ParticipationRatio: (sum_i lambda_i)^2 / sum_i lambda_i^2, the other usual effective rank (also 1 to n).</item>
/// </list>
/// </summary>
/// <param name="Eigenvalues">All n eigenvalues, largest first.</param>
/// <param name="Trace">sum_i K_ii.</param>
/// <param name="EntropyEffectiveRank">exp(H(p)), in [1, n]; 0 when no eigenvalue is positive.</param>
/// <param name="ParticipationRatio">(sum_i lambda_i)^2 / sum_i lambda_i^2 over the non-negative eigenvalues, in [1, n];
/// 0 when no eigenvalue is positive.</param>
public sealed record KernelSpectrum(double[] Eigenvalues, double Trace, double EntropyEffectiveRank, double ParticipationRatio)
{
    /// <summary>n, the kernel's size.</summary>
    public int Size => Eigenvalues.Length;

    /// <summary>The largest eigenvalue.</summary>
    public double LambdaMax => Eigenvalues[0];

    /// <summary>The smallest eigenvalue (Du et al.'s lambda_0 for H-inf).</summary>
    public double LambdaMin => Eigenvalues[^1];

    /// <summary>LambdaMax / LambdaMin; +infinity when LambdaMin &lt;= 0.</summary>
    public double ConditionNumber => LambdaMin > 0 ? LambdaMax / LambdaMin : double.PositiveInfinity;
}
