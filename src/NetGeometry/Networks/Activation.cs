using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Networks;

/// <summary>Element-wise non-linearities a network may use between its dense layers.</summary>
public enum Activation { Relu, Tanh, Softplus, Gelu, Identity }

public static class Activations
{
    public static Tensor Apply(this Activation activation, Tensor z) => activation switch
    {
        Activation.Relu => nn.functional.relu(z),
        Activation.Tanh => z.tanh(),
        Activation.Softplus => nn.functional.softplus(z),
        Activation.Gelu => nn.functional.gelu(z),
        Activation.Identity => z.alias(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>The gain sigma_w that keeps pre-activation variance constant under standard (He/LeCun) init.</summary>
    public static double HeGain(this Activation activation) =>
        activation is Activation.Relu or Activation.Gelu ? Math.Sqrt(2.0) : 1.0;

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
