using NetGeometry.Curvature;
using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// The empirical NTK Theta(X, X) as a linear operator v -> Theta v that never stores Theta (ntk-computation.md,
/// "NTK-vector products"): dimension n for a traced kernel, n o for a full one (entry i o + a is example i, output a).
/// <see cref="Create(Model, Tensor, NtkOptions?)"/> picks the structured identity for dense networks and Jacobian-vector products otherwise, as
/// <see cref="NtkMethod"/> describes; Lanczos (<see cref="Largest"/>) and preconditioned LOBPCG (<see cref="Smallest"/>)
/// then find the ends of the spectrum of kernels too large to store. Dispose it to free what it keeps.
/// </summary>
public abstract class NtkOperator : ILinearOperator, IDisposable
{
    /// <summary>Made only by <see cref="Create(Model, Tensor, NtkOptions?)"/>: the library's two kinds of product.</summary>
    private protected NtkOperator() { }

    /// <summary>The kernel's size: n for a traced kernel, n o for a full one.</summary>
    public abstract long Dimension { get; }

    /// <summary>The dtype of the vectors it takes and returns: <see cref="NtkOptions.DType"/>.</summary>
    public abstract ScalarType DType { get; }

    /// <summary>The device of the inputs and of the vectors it takes and returns.</summary>
    public abstract Device Device { get; }

    /// <summary>How the products are computed: <see cref="NtkMethod.Structured"/> or <see cref="NtkMethod.Jacobian"/> (vector products).</summary>
    public abstract NtkMethod Method { get; }

    /// <summary>How many products (columns) the operator has computed.</summary>
    public long Products { get; private set; }

    /// <summary>Theta v, a new vector of length <see cref="Dimension"/>; each call counts one product.</summary>
    /// <exception cref="ArgumentException">v is not a vector of length <see cref="Dimension"/> in <see cref="DType"/>.</exception>
    public Tensor Apply(Tensor v)
    {
        if (v.dim() != 1 || v.shape[0] != Dimension || v.dtype != DType)
            throw new ArgumentException($"the NTK operator takes a {DType} vector of length {Dimension}, got {v.dtype} [{string.Join(", ", v.shape)}].");
        Products++;
        return Product(v);
    }

    /// <summary>Theta V for a block V (Dimension x k), a new Dimension x k matrix, one column at a time (a structured
    /// product already runs at GEMM speed; taking the columns through the layer GEMMs together measured slower); each
    /// call counts k products.</summary>
    /// <exception cref="ArgumentException">V is not a <see cref="DType"/> matrix of <see cref="Dimension"/> rows.</exception>
    /// <exception cref="Engine.InputException">The block's temporaries exceed the memory budget.</exception>
    public Tensor ApplyBlock(Tensor block)
    {
        OperatorBlock.Require(block, this, copies: 2);
        Products += block.shape[1];
        return OperatorBlock.ColumnLoop(block, Product);
    }

    /// <summary>Theta v for a checked vector v.</summary>
    private protected abstract Tensor Product(Tensor v);

    /// <summary>The operator for Theta(X, X) of a built-in network (inputs n x InputDim, checked as
    /// <see cref="EmpiricalNtk.Compute(INetwork, Tensor, Tensor?, NtkOptions?)"/> checks them): its model's operator.</summary>
    /// <exception cref="Engine.InputException">The inputs, layers or method do not fit the network.</exception>
    public static NtkOperator Create(INetwork network, Tensor x, NtkOptions? options = null) =>
        Create(NtkRequest.Check(network, options ?? NtkOptions.Default, x), x);

    /// <summary>The operator for Theta(X, X) of any model (inputs of any rank, the first dimension indexing examples).</summary>
    /// <exception cref="Engine.InputException">The inputs, layers or method do not fit the model.</exception>
    public static NtkOperator Create(Model model, Tensor x, NtkOptions? options = null) =>
        Create(NtkRequest.Check(model, options ?? NtkOptions.Default, x), x);

    private static NtkOperator Create(NtkRequest request, Tensor x)
    {
        return request.Method == NtkMethod.Structured
            ? new StructuredNtkOperator(request, x)
            : new VectorProductNtkOperator(request, x);
    }

    /// <summary>The k largest eigenvalues of Theta and their eigenvectors, by Lanczos.</summary>
    public EigenPairs Largest(int k, double tolerance = 1e-8, int? maxProducts = null, long seed = 0,
        IProgress<LanczosProgress>? progress = null) =>
        Lanczos.Eigenpairs(this, k, SpectrumEnd.Largest, tolerance, maxProducts, seed, progress);

    /// <summary>Whether <see cref="Smallest"/> runs preconditioned LOBPCG (the structured operator) rather than Lanczos.</summary>
    public bool PreconditionsSmallest => this is IKernelEntries;

    /// <summary>
    /// The k smallest eigenvalues of Theta (lambda_min first) and their eigenvectors. The structured operator reads
    /// single kernel entries cheaply, so it builds a sparse approximate inverse of Theta (Kullback-Leibler-optimal sparse
    /// Cholesky factor of Theta^-1 over each example's nearest neighbours in the kernel's distance,
    /// <see cref="SparseInverseCholesky"/>) and runs preconditioned LOBPCG (<see cref="Lobpcg"/>) with it: the bottom of
    /// an NTK spectrum is set by near-duplicate examples, and Lanczos alone stalls there on large kernels (60,000
    /// Fashion-MNIST images: still falling after 400 products). Every LOBPCG step also spans the top 20 eigenvectors
    /// (fewer on small kernels), found first by Lanczos: the preconditioner, fitted to the bottom, does not remove their
    /// content from the Ritz vector. At 60,000 images the residual's Rayleigh quotient was near lambda_max and the
    /// relative residual stalled between 0.09 and 3 after theta had converged; with the top 20 it fell to 1e-2 in 841
    /// LOBPCG products (docs/benchmarks.md). The vector-product operator runs Lanczos.
    /// </summary>
    /// <param name="k">How many pairs.</param>
    /// <param name="tolerance">The relative residual ||Theta x - theta x|| / theta every pair must reach.</param>
    /// <param name="maxProducts">The most products, the top eigenvectors' included: by default max(300, 20 k).</param>
    /// <param name="seed">Seeds the start vectors and the preconditioner's order of the rows.</param>
    /// <param name="progress">Told the Ritz values and residuals at every check.</param>
    /// <param name="preconditioner">Told, while the preconditioner is built, the fraction of its kernel entries computed
    /// (the pairs scanned for neighbours, then the neighbourhoods' Gram matrices).</param>
    public EigenPairs Smallest(int k, double tolerance = 1e-8, int? maxProducts = null, long seed = 0,
        IProgress<LanczosProgress>? progress = null, IProgress<double>? preconditioner = null)
    {
        if (!PreconditionsSmallest || 3L * k + 1 >= Dimension)
            return Lanczos.Eigenpairs(this, k, SpectrumEnd.Smallest, tolerance, maxProducts, seed, progress);
        using var inverse = SparseInverseCholesky.Build((IKernelEntries)this, SparseInverseCholesky.Neighbours, seed, preconditioner);
        int budget = maxProducts ?? Math.Max(300, 20 * k);
        int q = (int)Math.Min(TopVectors, Dimension - 3L * k - 1);
        using var top = Lanczos.Eigenpairs(this, q, SpectrumEnd.Largest, TopTolerance, budget, seed, progress);
        var bottom = Lobpcg.Smallest(this, k, inverse.Apply, tolerance, budget - top.Products, seed, progress, top.Vectors);
        return bottom with { Products = bottom.Products + top.Products };
    }

    /// <summary>How many top eigenvectors join LOBPCG's steps in <see cref="Smallest"/>.</summary>
    private const int TopVectors = 20;

    /// <summary>The relative residual those top eigenpairs are computed to.</summary>
    private const double TopTolerance = 1e-10;

    /// <summary>Frees what the operator keeps: the structured factors or its copy of the inputs.</summary>
    public abstract void Dispose();
}
