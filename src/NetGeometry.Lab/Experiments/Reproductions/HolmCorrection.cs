namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Holm's step-down correction for a family of m tests (Holm, A simple sequentially rejective multiple test procedure,
/// Scand. J. Statist. 6, 1979): with the p-values sorted p_(1) &lt;= ... &lt;= p_(m), the adjusted p-value of the i-th is
/// max_{j &lt;= i} min(1, (m - j + 1) p_(j)); rejecting where it is below alpha keeps the family-wise error rate at alpha.
/// </summary>
internal static class HolmCorrection
{
    /// <summary>The adjusted p-values in the order given; m counts the finite p-values only, a NaN p-value (a test that
    /// could not be made) stays NaN.</summary>
    public static double[] Adjust(IReadOnlyList<double> p)
    {
        var order = Enumerable.Range(0, p.Count).Where(i => double.IsFinite(p[i])).OrderBy(i => p[i]).ToList();
        var adjusted = Enumerable.Repeat(double.NaN, p.Count).ToArray();
        double running = 0;
        for (int rank = 0; rank < order.Count; rank++)
        {
            running = Math.Max(running, Math.Min(1, (order.Count - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
