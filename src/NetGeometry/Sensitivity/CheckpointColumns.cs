namespace NetGeometry.Sensitivity;

/// <summary>Which saved checkpoints become columns of the robustness table: at most k of them, spread evenly in
/// log(1 + step) as Zhang, Bengio &amp; Singer space their epochs, always the first and the last.</summary>
internal static class CheckpointColumns
{
    public static IReadOnlyList<long> LogSpaced(IReadOnlyList<long> steps, int count)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "at least two columns (first and last).");
        var sorted = steps.Distinct().OrderBy(s => s).ToList();
        if (sorted.Count <= count) return sorted;
        double first = Math.Log(1 + sorted[0]), last = Math.Log(1 + sorted[^1]);
        var chosen = new SortedSet<long> { sorted[0], sorted[^1] };
        for (int i = 1; i < count - 1; i++)
        {
            double target = first + (last - first) * i / (count - 1);
            chosen.Add(sorted.Where(s => !chosen.Contains(s)).MinBy(s => Math.Abs(Math.Log(1 + s) - target)));
        }
        return chosen.ToList();
    }
}
