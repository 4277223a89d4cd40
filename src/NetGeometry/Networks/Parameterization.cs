namespace NetGeometry.Networks;

/// <summary>
/// How a dense layer z = m_W * (W u) + m_b * b scales its weights (Jacot et al. 2018; ntk-computation.md).
/// </summary>
public enum Parameterization
{
    /// <summary>
    /// NTK parameterization: W, b ~ N(0, 1); m_W = sigma_w / sqrt(fan_in), m_b = beta. The tangent kernel has a
    /// finite limit as widths grow. Default sigma_w = 1 (the peer's convention), beta = 0.1 (Jacot et al.).
    /// </summary>
    Ntk,
    /// <summary>
    /// Standard parameterization: W ~ N(0, sigma_w^2 / fan_in), b = 0 at init; m_W = m_b = 1. sigma_w is the He gain
    /// (sqrt 2) before ReLU/GELU, 1 otherwise and on the output layer.
    /// </summary>
    Standard,
}
