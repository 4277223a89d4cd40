using NetGeometry.Data;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The empirical Fisher F = (1/n) sum_i g_i g_i^T, g_i = d l_i / d theta the gradient of example i's loss
/// (Kunstner, Balles &amp; Hennig 2019, "Limitations of the empirical Fisher approximation", sec. 2). The g_i are the
/// rows of the Jacobian J_l of the vector of per-example losses (l_1, ..., l_n), so F v = (1/n) J_l^T (J_l v): one
/// Jacobian-vector and one vector-Jacobian product, without ever forming the n x Dimension matrix of per-example
/// gradients. Over batches, F v = sum_b (n_b / n) (1/n_b) J_b^T (J_b v), one batch's graph at a time
/// (<see cref="BatchedProducts{TGraph}"/>). Positive semi-definite by construction.
/// </summary>
public sealed class EmpiricalFisher : ILinearOperator, IDisposable
{
    private readonly BatchedProducts<JacobianGraph> products;

    public EmpiricalFisher(INetwork network, Dataset data, LossKind loss = LossKind.Square)
        : this(network, new[] { data }, loss)
    {
    }

    /// <param name="batches">Enumerated once per product; a collection of one batch is built once, here.</param>
    public EmpiricalFisher(INetwork network, IEnumerable<Dataset> batches, LossKind loss = LossKind.Square)
    {
        Parameters = ParameterVector.Of(network);
        products = new BatchedProducts<JacobianGraph>(batches, batch => TrainingBatch.Require(network, batch, loss),
            batch => new JacobianGraph(Loss.PerExample(loss, network.Forward(batch.Inputs), batch.Targets, batch.Labels), Parameters));
    }

    public ParameterVector Parameters { get; }
    public long Dimension => Parameters.Dimension;
    public ScalarType DType => Parameters.DType;
    public Device Device => Parameters.Device;

    public Tensor Apply(Tensor v)
    {
        using var scope = NewDisposeScope();
        var pieces = Parameters.Split(v);
        return products.Sum((jacobian, _) =>
        {
            using var jv = jacobian.Times(pieces);
            return jacobian.TransposeTimes(jv.div_(jacobian.Rows));
        }, mean: true).MoveToOuterDisposeScope();
    }

    public void Dispose() => products.Dispose();
}
