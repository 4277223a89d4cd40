namespace NetGeometry.Kernels;

/// <summary>Consecutive blocks of at most <c>size</c> rows covering 0..n-1: how kernels go through many examples.</summary>
internal static class RowBlocks
{
    public static IEnumerable<(long Start, long Rows)> Of(long n, long size)
    {
        for (long start = 0; start < n; start += size) yield return (start, Math.Min(size, n - start));
    }
}
