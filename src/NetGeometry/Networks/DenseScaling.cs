namespace NetGeometry.Networks;

/// <summary>
/// How a dense layer (standard or OPT) scales under a parameterization: W drawn as InitStd * N(0, 1) and multiplied by
/// WeightMultiplier, b drawn as BiasInitStd * N(0, 1) and multiplied by BiasMultiplier (see <see cref="Parameterization"/>).
/// </summary>
public sealed record DenseScaling(double WeightMultiplier, double InitStd, double BiasMultiplier, double BiasInitStd)
{
    /// <summary>NTK: W, b ~ N(0, 1), m_W = sigma / sqrt(fan_in), m_b = beta (Jacot et al. 2018). Standard: W ~
    /// N(0, sigma^2 / fan_in), b = 0, multipliers 1.</summary>
    public static DenseScaling For(Parameterization parameterization, double sigma, int fanIn, double biasStd) =>
        parameterization == Parameterization.Ntk
            ? new DenseScaling(sigma / Math.Sqrt(fanIn), 1.0, biasStd, 1.0)
            : new DenseScaling(1.0, sigma / Math.Sqrt(fanIn), 1.0, 0.0);
}
