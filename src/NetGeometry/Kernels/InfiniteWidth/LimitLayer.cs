namespace NetGeometry.Kernels.InfiniteWidth;

/// <summary>
/// One dense layer z = m_W u W^T + m_b b of an infinitely wide network, W and b ~ N(0, 1) (or any law with unit
/// variance, such as the signs of Du et al.'s output layer): its weight variance sigma_w^2 = m_W^2 fan_in (the limit of
/// m_W^2 sum_k over fan_in units of a unit-variance sum), its bias variance beta^2 = m_b^2 (0 without bias), and
/// whether it is trained (only trained layers add to the NTK).
/// </summary>
/// <param name="WeightVariance">sigma_w^2 = m_W^2 fan_in.</param>
/// <param name="BiasVariance">beta^2 = m_b^2, 0 without bias.</param>
/// <param name="Trained">Whether the layer is trained.</param>
public sealed record LimitLayer(double WeightVariance, double BiasVariance, bool Trained);
