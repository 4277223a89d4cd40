using static TorchSharp.torch;

namespace NetGeometry.Sensitivity;

/// <summary>
/// PyTorch's default initialization of <c>nn.Linear</c> and <c>nn.Conv1d/2d/3d</c> (torch/nn/modules/linear.py
/// <c>Linear.reset_parameters</c>, torch/nn/modules/conv.py <c>_ConvNd.reset_parameters</c>): the weight by
/// <c>init.kaiming_uniform_(weight, a=sqrt(5))</c>, which is U(-b, b) with b = gain sqrt(3 / fan_in) and
/// gain = sqrt(2 / (1 + a^2)) = sqrt(1/3) (He et al. 2015, Sec. 2.2, with PyTorch's leaky-ReLU gain), so b = 1 / sqrt(fan_in);
/// the bias U(-1 / sqrt(fan_in), 1 / sqrt(fan_in)); fan_in = weight.shape[1] x prod(weight.shape[2:]) (torch/nn/init.py
/// <c>_calculate_fan_in_and_fan_out</c>). A layer's kind is inferred from its state alone, since a TorchScript module
/// does not keep its Python class: a weight of rank 2 (out x in) is a linear layer, of rank 3 to 5 (out x in x kernel)
/// a convolution, each with at most a bias of length out and nothing else.
/// </summary>
public static class PyTorchDefaultInit
{
    /// <summary>"linear" or "convolution" for a layer whose state is these (short name, shape) pairs, or null when its
    /// kind cannot be told from them (a normalization layer, a layer with buffers or more tensors).</summary>
    public static string? Kind(IReadOnlyList<(string Name, long[] Shape)> state)
    {
        var weight = state.FirstOrDefault(t => t.Name == "weight").Shape;
        if (weight is null || weight.Length is < 2 or > 5) return null;
        var others = state.Where(t => t.Name != "weight").ToList();
        bool bias = others.Count == 0 || (others.Count == 1 && others[0].Name == "bias" && others[0].Shape.SequenceEqual([weight[0]]));
        return !bias ? null : weight.Length == 2 ? "linear" : "convolution";
    }

    /// <summary>fan_in = shape[1] x prod(shape[2:]) of a weight of rank 2 or more.</summary>
    public static long FanIn(long[] weightShape) => weightShape.Skip(1).Aggregate(1L, (a, b) => a * b);

    /// <summary>b = 1 / sqrt(fan_in): the half-width of the uniform draws of both weight and bias.</summary>
    public static double Bound(long fanIn) => 1.0 / Math.Sqrt(fanIn);

    /// <summary>Draws the weight, then the bias (if any), in place, from U(-b, b) with the generator.</summary>
    public static void Draw(Tensor weight, Tensor? bias, Generator generator)
    {
        double bound = Bound(FanIn(weight.shape));
        using var _ = no_grad();
        Uniform(weight, bound, generator);
        if (bias is not null) Uniform(bias, bound, generator);
    }

    private static void Uniform(Tensor target, double bound, Generator generator)
    {
        using var u = rand(target.shape, generator: generator, dtype: target.dtype, device: target.device);
        target.copy_(u.mul_(Held(2 * bound)).sub_(Held(bound)));
    }
}
