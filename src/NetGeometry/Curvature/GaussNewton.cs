using NetGeometry.Data;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The generalized Gauss-Newton matrix G = J^T H_L J of the training loss (Schraudolph 2002, "Fast curvature
/// matrix-vector products for second-order gradient descent", sec. 3; Martens 2020, JMLR, sec. 8): J = df/dtheta is
/// the Jacobian of the outputs on the whole dataset (n x o entries) and H_L = d^2 L / df^2 the Hessian of the loss in
/// the outputs, (1/n) I for the square loss, (1/n) blockdiag(diag(p_i) - p_i p_i^T) for softmax cross-entropy. It is
/// the loss Hessian without the term sum_i (dl/df_i) d^2 f_i / d theta^2, hence positive semi-definite when the loss
/// is convex in the outputs. Each product is J v (double backward), H_L (J v) (double backward on output space,
/// cheap), then J^T (one backward). H_L is block diagonal over examples, so over batches G v = sum_b (n_b / n)
/// J_b^T H_Lb J_b v with H_Lb the Hessian of batch b's mean loss, one batch's graph at a time
/// (<see cref="BatchedProducts{TGraph}"/>).
/// </summary>
public sealed class GaussNewton : ILinearOperator, IDisposable
{
    private readonly BatchedProducts<BatchGraph> products;

    public GaussNewton(INetwork network, Dataset data, LossKind loss = LossKind.Square)
        : this(network, new[] { data }, loss)
    {
    }

    /// <param name="batches">Enumerated once per product; a collection of one batch is built once, here.</param>
    public GaussNewton(INetwork network, IEnumerable<Dataset> batches, LossKind loss = LossKind.Square)
    {
        Parameters = ParameterVector.Of(network);
        products = new BatchedProducts<BatchGraph>(batches, batch => TrainingBatch.Require(network, batch, loss),
            batch => new BatchGraph(network, batch, loss, Parameters));
    }

    public ParameterVector Parameters { get; }
    public long Dimension => Parameters.Dimension;
    public ScalarType DType => Parameters.DType;
    public Device Device => Parameters.Device;

    public Tensor Apply(Tensor v)
    {
        using var scope = NewDisposeScope();
        var pieces = Parameters.Split(v);
        return products.Sum((graph, _) => graph.Times(pieces), mean: true).MoveToOuterDisposeScope();
    }

    public void Dispose() => products.Dispose();

    /// <summary>One batch's J and H_L: the outputs' Jacobian graph and the loss gradient in the outputs, with its graph.</summary>
    private sealed class BatchGraph : IDisposable
    {
        private readonly JacobianGraph jacobian;
        private readonly Tensor outputsLeaf;
        private readonly Tensor lossGradient;

        public BatchGraph(INetwork network, Dataset batch, LossKind loss, ParameterVector parameters)
        {
            var outputs = network.Forward(batch.Inputs);
            jacobian = new JacobianGraph(outputs, parameters);
            // H_L by double backward on a detached copy of the outputs: any loss, no closed form per loss to keep in step.
            outputsLeaf = outputs.detach().requires_grad_(true).DetachFromDisposeScope();
            var value = Loss.Compute(loss, outputsLeaf, batch.Targets, batch.Labels);
            lossGradient = Engine.Autograd.Grad(value, new[] { outputsLeaf }, createGraph: true)[0].DetachFromDisposeScope();
        }

        /// <summary>J^T H_L J v for v given as one piece per parameter tensor.</summary>
        public Tensor Times(IReadOnlyList<Tensor> pieces)
        {
            using var scope = NewDisposeScope();
            var jv = jacobian.Times(pieces);
            var hjv = Derivatives.Backward(new[] { lossGradient }, new[] { outputsLeaf }, new[] { jv })[0];
            return jacobian.TransposeTimes(hjv).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            jacobian.Dispose();
            lossGradient.Dispose();
            outputsLeaf.Dispose();
        }
    }
}
