namespace NetGeometry.Landscapes;

/// <summary>
/// The loss barrier on the straight line between two weights (Frankle, Dziugaite, Roy &amp; Carbin, ICML 2020, eq. 1;
/// Goodfellow et al. 2015): the largest rise of L((1 - t) theta_a + t theta_b) over t in [0, 1] above the straight line
/// (1 - t) L(theta_a) + t L(theta_b) between the two end losses; 0 (the ends) means linearly connected.
/// </summary>
internal static class ModeConnectivity
{
    /// <summary>The barrier of losses measured at positions t along the line (t = 0 and t = 1 among them).</summary>
    public static double Barrier(IReadOnlyList<double> t, IReadOnlyList<double> losses)
    {
        int start = IndexOf(t, 0), end = IndexOf(t, 1);
        double worst = double.NegativeInfinity;
        for (int i = 0; i < t.Count; i++)
            if (t[i] >= 0 && t[i] <= 1)
                worst = Math.Max(worst, losses[i] - ((1 - t[i]) * losses[start] + t[i] * losses[end]));
        return worst;
    }

    private static int IndexOf(IReadOnlyList<double> t, double value)
    {
        for (int i = 0; i < t.Count; i++)
            if (Math.Abs(t[i] - value) < 1e-12) return i;
        throw new ArgumentException($"the line's positions must include {value}.");
    }
}
