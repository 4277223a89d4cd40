using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// An orthonormal basis q_1..q_m of R^n kept in column blocks (n x 64 each), so that adding a vector copies only that
/// vector and memory stays n m numbers: what Lanczos with full re-orthogonalization needs for n in the tens of
/// thousands and m in the thousands.
/// </summary>
internal sealed class KrylovBasis(long dimension, ScalarType dtype, Device device) : IDisposable
{
    private const int BlockColumns = 64;
    private readonly List<Tensor> blocks = new();

    public int Count { get; private set; }

    public void Add(Tensor q)
    {
        int column = Count % BlockColumns;
        if (column == 0) blocks.Add(zeros(dimension, BlockColumns, dtype: dtype, device: device));
        blocks[^1].select(1, column).copy_(q);
        Count++;
    }

    /// <summary>
    /// w minus its projection on the basis. The last two vectors go first (in Lanczos they carry the large components
    /// alpha q_m and beta q_(m-1) of A q_m), then one classical Gram-Schmidt pass over the whole basis, and a second one
    /// only when the first cancelled most of what was left, ||w'|| &lt; ||w|| / sqrt 2 (Daniel, Gragg, Kaufman &amp;
    /// Stewart, Math. Comp. 30 (1976); "twice is enough": Parlett, The Symmetric Eigenvalue Problem, section 6.9).
    /// </summary>
    public void Orthogonalize(Tensor w)
    {
        for (int i = Math.Max(0, Count - 2); i < Count; i++)
        {
            using var q = Column(i);
            using var c = q.dot(w);
            w.sub_(q.mul(c));
        }
        double before = w.norm().item<double>();
        ProjectOut(w);
        if (w.norm().item<double>() < before / Math.Sqrt(2)) ProjectOut(w);
    }

    private void ProjectOut(Tensor w)
    {
        foreach (var block in Filled())
        {
            using var coefficients = block.t().mv(w);
            w.sub_(block.mv(coefficients));
        }
    }

    private Tensor Column(int i) => blocks[i / BlockColumns].select(1, i % BlockColumns);

    /// <summary>Q S for coordinates S (m x k): the Ritz vectors.</summary>
    public Tensor Combine(Tensor coordinates)
    {
        var result = zeros(dimension, coordinates.shape[1], dtype: dtype, device: device);
        int start = 0;
        foreach (var block in Filled())
        {
            using var rows = coordinates.narrow(0, start, block.shape[1]);
            result.addmm_(block, rows);
            start += (int)block.shape[1];
        }
        return result;
    }

    /// <summary>The blocks narrowed to their filled columns.</summary>
    private IEnumerable<Tensor> Filled()
    {
        for (int b = 0; b < blocks.Count; b++)
        {
            int columns = b + 1 < blocks.Count ? BlockColumns : Count - b * BlockColumns;
            using var filled = blocks[b].narrow(1, 0, columns);
            yield return filled;
        }
    }

    public void Dispose()
    {
        foreach (var b in blocks) b.Dispose();
    }
}
