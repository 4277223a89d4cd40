using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// A symmetric linear map on R^Dimension known only through its products (curvlinops' design): Hessians,
/// Gauss-Newton and Fisher matrices on parameter space, the NTK on output space. Every estimator (power iteration,
/// Lanczos, Hutchinson, spectral density) depends on this interface alone, so a new operator gets them all.
/// </summary>
public interface ILinearOperator
{
    /// <summary>n, the length of the vectors the operator maps (the number of parameters for a curvature matrix).</summary>
    long Dimension { get; }

    /// <summary>The dtype of the vectors it takes and returns.</summary>
    ScalarType DType { get; }

    /// <summary>The device of the vectors it takes and returns.</summary>
    Device Device { get; }

    /// <summary>A v for a vector v of length Dimension.</summary>
    Tensor Apply(Tensor v);

    /// <summary>A V for a block V (Dimension x k); operators that can batch the columns override this.</summary>
    Tensor ApplyBlock(Tensor block)
    {
        var columns = new List<Tensor>();
        for (long j = 0; j < block.shape[1]; j++)
        {
            using var column = block.select(1, j);
            columns.Add(Apply(column));
        }
        var result = stack(columns, 1);
        foreach (var c in columns) c.Dispose();
        return result;
    }
}

/// <summary>
/// A stored symmetric n x n matrix as an operator, so that every estimator runs on a matrix formed densely (the
/// reference the matrix-free operators are tested against). It neither copies nor disposes the matrix.
/// </summary>
/// <param name="matrix">The symmetric n x n matrix; its symmetry is not checked.</param>
public sealed class DenseOperator(Tensor matrix) : ILinearOperator
{
    /// <inheritdoc />
    public long Dimension => matrix.shape[0];

    /// <inheritdoc />
    public ScalarType DType => matrix.dtype;

    /// <inheritdoc />
    public Device Device => matrix.device;

    /// <inheritdoc />
    public Tensor Apply(Tensor v) => matrix.matmul(v);

    /// <inheritdoc />
    public Tensor ApplyBlock(Tensor block) => matrix.matmul(block);
}
