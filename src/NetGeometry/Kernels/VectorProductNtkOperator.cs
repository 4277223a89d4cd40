using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// Theta v = J (J^T v) for any network, never forming J (ntk-computation.md, "NTK-vector products"): w = J^T v is one
/// vector-Jacobian product (a backward pass with v as output gradient); J w is a Jacobian-vector product built from
/// double backward, since TorchSharp has no forward mode: with g(u) = J^T u (a backward pass with create_graph),
/// J w = d/du (g(u) . w). A traced kernel sums J_a (J_a^T v) over the outputs a. Rows go through the network in blocks.
/// </summary>
internal sealed class VectorProductNtkOperator : NtkOperator
{
    private readonly NtkRequest request;
    private readonly Tensor inputs;
    private readonly IReadOnlyList<Tensor> parameters;

    public VectorProductNtkOperator(NtkRequest request, Tensor x)
    {
        this.request = request;
        inputs = request.Prepare(x);
        parameters = request.Parameters;
        Dimension = inputs.shape[0] * request.OutputRows;
        DType = request.Options.DType;
        Device = inputs.device;
    }

    public override NtkMethod Method => NtkMethod.Jacobian;
    public override long Dimension { get; }
    public override ScalarType DType { get; }
    public override Device Device { get; }

    private protected override Tensor Product(Tensor v)
    {
        using var scope = NewDisposeScope();
        long n = inputs.shape[0], o = request.Outputs;
        var x = v.to(request.Model.DType);
        Tensor product;
        if (request.Options.Output == NtkOutput.Full)
            product = JacobianVector(VectorJacobian(x.view(n, o))).reshape(-1);
        else
        {
            // Traced: sum_a J_a (J_a^T v), with v as the output gradient of output a alone.
            product = zeros(n, dtype: x.dtype, device: Device);
            for (int a = 0; a < o; a++)
                product.add_(JacobianVector(VectorJacobian(OnOutput(x, a, o))).select(1, a), Held(1));
        }
        return product.to(DType).MoveToOuterDisposeScope();
    }

    /// <summary>The n x o output gradient that is v in column a and 0 elsewhere.</summary>
    private static Tensor OnOutput(Tensor v, int a, long o)
    {
        var c = zeros(v.shape[0], o, dtype: v.dtype, device: v.device);
        c.select(1, a).copy_(v);
        return c;
    }

    /// <summary>J^T c = sum over rows of the gradient of c . f(x) with respect to the parameters.</summary>
    private Tensor[] VectorJacobian(Tensor c)
    {
        var sum = parameters.Select(p => zeros_like(p)).ToArray();
        foreach (var (start, rows) in RowBlocks.Of(inputs.shape[0], request.Options.BlockRows))
        {
            using var _ = NewDisposeScope();
            var f = request.Forward(inputs.narrow(0, start, rows));
            var g = Autograd.Grad(new[] { f }, parameters, new[] { c.narrow(0, start, rows) });
            for (int i = 0; i < sum.Length; i++) sum[i].add_(g[i], Held(1));
        }
        return sum;
    }

    /// <summary>J w (n x o) by double backward: g(u) = J^T u is linear in u, so d/du (g(u) . w) = J w.</summary>
    private Tensor JacobianVector(Tensor[] w)
    {
        var result = empty(inputs.shape[0], request.Outputs, dtype: request.Model.DType, device: Device);
        foreach (var (start, rows) in RowBlocks.Of(inputs.shape[0], request.Options.BlockRows))
        {
            using var _ = NewDisposeScope();
            var f = request.Forward(inputs.narrow(0, start, rows));
            var u = zeros_like(f).requires_grad_();
            var g = Autograd.Grad(new[] { f }, parameters, new[] { u }, createGraph: true);
            result.narrow(0, start, rows).copy_(Autograd.Grad(g, new[] { u }, w)[0]);
        }
        return result;
    }

    public override void Dispose() => inputs.Dispose();
}
