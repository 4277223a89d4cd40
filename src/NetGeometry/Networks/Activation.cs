using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>Element-wise non-linearities a network may use between its dense layers.</summary>
public enum Activation
{
    /// <summary>relu(z) = max(z, 0).</summary>
    Relu,
    /// <summary>tanh(z).</summary>
    Tanh,
    /// <summary>softplus(z) = log(1 + e^z).</summary>
    Softplus,
    /// <summary>GELU, exact: z Phi(z) with Phi the standard normal CDF (Hendrycks &amp; Gimpel 2016).</summary>
    Gelu,
    /// <summary>z itself: no non-linearity.</summary>
    Identity,
}

/// <summary>Applying and naming an <see cref="Activation"/>, and its initialization gain.</summary>
public static class Activations
{
    /// <summary>act(z) element-wise, as a new tensor (Identity: an alias of z).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    public static Tensor Apply(this Activation activation, Tensor z) => activation switch
    {
        Activation.Relu => nn.functional.relu(z),
        Activation.Tanh => z.tanh(),
        // log(e^z + e^0) = log(1 + e^z) exactly: nn.functional.softplus makes Scalars (beta, threshold) it does not hold.
        Activation.Softplus => z.logaddexp(zeros(1, dtype: z.dtype, device: z.device)),
        Activation.Gelu => nn.functional.gelu(z),
        Activation.Identity => z.alias(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>The gain sigma_w that keeps pre-activation variance constant under standard (He/LeCun) init.</summary>
    public static double HeGain(this Activation activation) =>
        activation is Activation.Relu or Activation.Gelu ? Math.Sqrt(2.0) : 1.0;

    /// <summary>The activation a spec names: relu, tanh, softplus, gelu, identity or linear, in any case.</summary>
    /// <exception cref="InputException">Any other name.</exception>
    public static Activation Parse(string text) => text.ToLowerInvariant() switch
    {
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        "softplus" => Activation.Softplus,
        "gelu" => Activation.Gelu,
        "identity" or "linear" => Activation.Identity,
        _ => throw new InputException($"unknown activation '{text}': use relu, tanh, softplus, gelu or identity."),
    };
}
