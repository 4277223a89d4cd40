using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Training;

/// <summary>
/// The gradient of Du, Zhai, Poczos &amp; Singh's loss L(W) = 1/2 sum_i (f(x_i) - y_i)^2 (ICLR 2019, eq. 2) with respect
/// to the hidden weights of their two-layer ReLU network f(x) = m^(-1/2) sum_r a_r relu(w_r . x) (eq. 1), in closed
/// form (their eq. 3): dL/dw_r = m^(-1/2) sum_i (f(x_i) - y_i) a_r 1{w_r . x_i &gt;= 0} x_i, i.e.
/// dL/dW = (1{X W^T &gt;= 0} o (f - y) a^T)^T X / sqrt(m): two matrix products and no autograd graph. Our square loss
/// 1/(2n) sum (f - y)^2 has this gradient divided by n.
/// </summary>
public static class DuGradient
{
    /// <summary>dL/dW (m x d) for inputs x (n x d) and targets y (n or n x 1), float64 like the network.</summary>
    public static Tensor Hidden(TwoLayerRelu network, Tensor x, Tensor y)
    {
        if (x.dim() != 2 || x.shape[1] != network.InputDim || y.numel() != x.shape[0])
            throw new ArgumentException($"inputs [{string.Join(", ", x.shape)}] and targets [{string.Join(", ", y.shape)}] must be n x {network.InputDim} and n.");
        using var scope = NewDisposeScope();
        var w = network.Hidden.Weight.detach();
        var a = network.Output.Weight.detach().reshape(-1).mul(Held(network.Output.WeightMultiplier));   // a_r / sqrt(m)
        var z = x.mm(w.t());                                                                        // w_r . x_i
        var residual = z.clamp_min(Held(0)).mv(a).sub_(y.reshape(-1));                                    // f(x_i) - y_i
        var signal = z.ge_(Held(0)).mul_(residual.unsqueeze(1)).mul_(a.unsqueeze(0));                     // (f_i - y_i) a_r 1{w_r . x_i >= 0} / sqrt(m)
        return signal.t().mm(x).MoveToOuterDisposeScope();
    }
}
