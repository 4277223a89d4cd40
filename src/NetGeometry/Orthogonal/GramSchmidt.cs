using static TorchSharp.torch;

namespace NetGeometry.Orthogonal;

/// <summary>
/// GS (Liu et al., CVPR 2021): classical Gram-Schmidt over the rows r_i of R, unrolled so that autograd differentiates
/// through it: w_i = r_i - sum_{k&lt;i} (q_k . r_i) q_k, q_i = w_i / ||w_i||. Q's rows are R's rows orthonormalized in
/// order, i.e. Q^T is the orthogonal factor of R^T = Q^T L^T with a positive diagonal. Each projection is done twice
/// ("twice is enough": Giraud, Langou &amp; Rozloznik 2005), which changes nothing in exact arithmetic and keeps
/// ||Q Q^T - I|| at round-off even for an ill-conditioned R. Rows go in blocks of <see cref="BlockRows"/> (block
/// classical Gram-Schmidt: a block is projected against all earlier rows in one product, then orthonormalized row by
/// row), which keeps the work in matrix products and the autograd graph to O(D^2 / block) saved tensors. Still
/// sequential in D: the slowest method for D in the hundreds. Q(I) = I.
/// </summary>
public sealed class GramSchmidt : IOrthogonalizer
{
    /// <summary>Rows per block of the block classical Gram-Schmidt.</summary>
    internal const int BlockRows = 32;

    /// <inheritdoc />
    public OrthogonalMethod Method => OrthogonalMethod.GramSchmidt;

    /// <inheritdoc />
    public Tensor Orthogonalize(Tensor r)
    {
        SquareMatrix.Check(r);
        long d = r.shape[0];
        var blocks = new List<Tensor>();
        Tensor? earlier = null;
        for (long start = 0; start < d; start += BlockRows)
        {
            var block = r.narrow(0, start, Math.Min(BlockRows, d - start));
            if (earlier is not null) block = ProjectOut(ProjectOut(block, earlier), earlier);
            var rows = new List<Tensor>();
            for (long i = 0; i < block.shape[0]; i++)
            {
                var w = block.narrow(0, i, 1);
                if (rows.Count > 0)
                {
                    var done = cat(rows, 0);
                    w = ProjectOut(ProjectOut(w, done), done);
                }
                rows.Add(w.div(w.norm()));
            }
            blocks.Add(cat(rows, 0));
            earlier = cat(blocks, 0);
        }
        return earlier!;
    }

    /// <inheritdoc />
    public Tensor IdentityParameter(long d, ScalarType dtype, Device? device) => eye(d, dtype: dtype, device: device);

    /// <summary>rows - (rows basis^T) basis: removes the components along the orthonormal rows of basis.</summary>
    private static Tensor ProjectOut(Tensor rows, Tensor basis) => rows.sub(rows.matmul(basis.t()).matmul(basis));
}
