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

    /// <summary>
    /// A V for a block V (Dimension x k), a new Dimension x k matrix. Operators whose product can take the k columns in one
    /// pass override it (the structured NTK: matrix-matrix products; loss curvature over batches: each batch's graph
    /// built once for all k); the default applies the columns one at a time.
    /// </summary>
    Tensor ApplyBlock(Tensor block)
    {
        OperatorBlock.Require(block, this, copies: 2);
        return OperatorBlock.ColumnLoop(block, Apply);
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
