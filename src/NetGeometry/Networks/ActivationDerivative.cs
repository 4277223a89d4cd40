using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>The element-wise derivative act'(z) of each activation, in closed form (no autograd).</summary>
public static class ActivationDerivative
{
    private static readonly double InverseSqrtTwoPi = 1 / Math.Sqrt(2 * Math.PI);

    /// <summary>
    /// relu: 1[z &gt; 0]; tanh: 1 - tanh(z)^2; softplus: sigmoid(z); gelu (exact, x Phi(x)): Phi(z) + z phi(z);
    /// identity: 1.
    /// </summary>
    public static Tensor Derivative(this Activation activation, Tensor z)
    {
        using var scope = NewDisposeScope();
        var result = activation switch
        {
            Activation.Relu => z.gt(Held(0)).to_type(z.dtype),
            Activation.Tanh => z.tanh().pow(Held(2)).neg().add(Held(1), Held(1)),
            Activation.Softplus => z.sigmoid(),
            Activation.Gelu => z.div(Held(Math.Sqrt(2))).erf().add(Held(1), Held(1)).mul(Held(0.5)).add(z.mul(z.pow(Held(2)).mul(Held(-0.5)).exp()).mul(Held(InverseSqrtTwoPi)), Held(1)),
            Activation.Identity => ones_like(z),
            _ => throw new ArgumentOutOfRangeException(nameof(activation)),
        };
        return result.MoveToOuterDisposeScope();
    }
}
