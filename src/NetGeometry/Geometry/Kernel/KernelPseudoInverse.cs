using static TorchSharp.torch;

namespace NetGeometry.Geometry.Kernel;

/// <summary>
/// The quadratic form of a kernel matrix's (pseudo-)inverse, Y -> tr(Y^T K^+ Y) = sum_c y_c^T K^+ y_c over the
/// columns of Y, from one eigendecomposition K = V diag(lambda) V^T (so that many Y cost one product each). An NTK on
/// many inputs is often ill-conditioned: eigenvalues at or below <see cref="RelativeCutoff"/> x lambda_max count as
/// zero (the Moore-Penrose pseudo-inverse of K with them truncated, as numpy.linalg.pinv's rcond), so the part of Y
/// in their span is dropped rather than amplified by rounding errors. Float64.
/// </summary>
public sealed class KernelPseudoInverse : IDisposable
{
    /// <summary>Eigenvalues at most this fraction of lambda_max are treated as zero (float64 keeps about 16
    /// digits; a kernel's smaller eigenvalues are mostly rounding error below 1e-10 of the largest).</summary>
    public const double DefaultRelativeCutoff = 1e-10;

    private readonly Tensor _vectors, _inverseValues;

    /// <summary>Decomposes the symmetric positive semi-definite n x n <paramref name="kernel"/> (copied to float64).</summary>
    /// <exception cref="ArgumentException">The kernel is not square and non-empty, or the cutoff is outside [0, 1).</exception>
    public KernelPseudoInverse(Tensor kernel, double relativeCutoff = DefaultRelativeCutoff)
    {
        if (kernel.dim() != 2 || kernel.shape[0] != kernel.shape[1] || kernel.shape[0] == 0)
            throw new ArgumentException($"a kernel matrix must be square and non-empty, got shape [{string.Join(", ", kernel.shape)}].");
        if (!(relativeCutoff >= 0 && relativeCutoff < 1)) throw new ArgumentException($"the relative cutoff must be in [0, 1), got {relativeCutoff}.");
        RelativeCutoff = relativeCutoff;
        using var scope = NewDisposeScope();
        var k = kernel.detach().to(float64);
        var (values, vectors) = linalg.eigh(k.add(k.t(), Held(1)).mul_(Held(0.5)));
        var eigenvalues = values.data<double>().ToArray();
        LambdaMin = eigenvalues[0];
        LambdaMax = eigenvalues[^1];
        double threshold = relativeCutoff * Math.Max(LambdaMax, 0);
        var kept = values.gt(Held(threshold));
        Rank = (int)kept.sum().item<long>();
        // Owned by this object, which outlives the caller's dispose scope (a probe keeps it across steps).
        _inverseValues = where(kept, values.reciprocal(), zeros_like(values)).DetachFromDisposeScope();
        _vectors = vectors.DetachFromDisposeScope();
    }

    /// <summary>The fraction of lambda_max at or below which an eigenvalue counts as zero.</summary>
    public double RelativeCutoff { get; }

    /// <summary>The smallest eigenvalue of K (the NTK's lambda_0 of Du et al.).</summary>
    public double LambdaMin { get; }

    /// <summary>The largest eigenvalue of K.</summary>
    public double LambdaMax { get; }

    /// <summary>How many eigenvalues were inverted (the others are below the cutoff).</summary>
    public int Rank { get; }

    /// <summary>n, the kernel's order (the number of inputs).</summary>
    public long Size => _vectors.shape[0];

    /// <summary>tr(Y^T K^+ Y) for Y an n-vector or n x c matrix (one column per output).</summary>
    /// <exception cref="ArgumentException">Y does not have n rows, or has more than 2 dimensions.</exception>
    public double QuadraticForm(Tensor y)
    {
        if (y.shape[0] != Size || y.dim() is < 1 or > 2)
            throw new ArgumentException($"Y must have {Size} rows (one per kernel input), got shape [{string.Join(", ", y.shape)}].");
        using var scope = NewDisposeScope();
        var columns = y.detach().to(float64).reshape(Size, -1);
        // With V^T Y = C: tr(Y^T V diag(1/lambda) V^T Y) = sum_i (1/lambda_i) ||C_i||^2.
        var c = _vectors.t().matmul(columns);
        return c.pow(Held(2)).sum(dim: 1).mul(_inverseValues).sum().item<double>();
    }

    /// <summary>Frees the eigendecomposition.</summary>
    public void Dispose()
    {
        _vectors.Dispose();
        _inverseValues.Dispose();
    }
}
