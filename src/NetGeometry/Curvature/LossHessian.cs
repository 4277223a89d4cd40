using NetGeometry.Data;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>
/// The Hessian of the training loss L(theta) = (1/n) sum_i l(f(x_i; theta), y_i) over a dataset, e.g. the square
/// loss (1/2n) sum_i ||f(x_i) - y_i||^2, with respect to the network's trainable parameters: the matrix whose top
/// eigenvalues, trace and spectral density PyHessian reports (Yao et al. 2020).
/// </summary>
public static class LossHessian
{
    public static Hessian Create(INetwork network, Dataset data, LossKind loss = LossKind.Square)
    {
        TrainingBatch.Require(network, data, loss);
        var parameters = ParameterVector.Of(network);
        using var scope = NewDisposeScope();
        var value = Loss.Compute(loss, network.Forward(data.Inputs), data.Targets, data.Labels);
        return new Hessian(value, parameters);
    }
}
