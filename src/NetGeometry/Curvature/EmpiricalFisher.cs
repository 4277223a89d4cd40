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
/// gradients. Positive semi-definite by construction.
/// </summary>
public sealed class EmpiricalFisher : ILinearOperator, IDisposable
{
    private readonly Jacobian jacobian;
    private readonly long examples;

    public EmpiricalFisher(INetwork network, Dataset data, LossKind loss = LossKind.Square)
    {
        TrainingBatch.Require(network, data, loss);
        Parameters = ParameterVector.Of(network);
        examples = data.Count;
        using var scope = NewDisposeScope();
        jacobian = new Jacobian(Loss.PerExample(loss, network.Forward(data.Inputs), data.Targets, data.Labels), Parameters);
    }

    public ParameterVector Parameters { get; }
    public long Dimension => Parameters.Dimension;
    public ScalarType DType => Parameters.DType;
    public Device Device => Parameters.Device;

    public Tensor Apply(Tensor v)
    {
        using var scope = NewDisposeScope();
        var jv = jacobian.Times(v).div_(examples);
        return jacobian.TransposeTimes(jv).MoveToOuterDisposeScope();
    }

    public void Dispose() => jacobian.Dispose();
}
