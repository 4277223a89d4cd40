using NetGeometry.Networks;

namespace NetGeometry.Kernels;

/// <summary>
/// The multiply-adds an empirical NTK of n1 x n2 examples takes (ntk-computation.md, "Three ways"): only matrix
/// products are counted (element-wise work is a lower-order term). P = sum_l fan_in_l fan_out_l is the weight count of
/// the chosen layers, o the outputs, r = o for a traced kernel and o^2 for a full one, m = n1 + n2 examples passed
/// through the network (n when X2 is X1).
/// <list type="bullet">
/// <item>Structured: forward m P, backward signals o m sum_{l &gt; 1} P_l (the first layer's input needs no signal),
/// Gram matrices n1 n2 sum_l (fan_in_l + r fan_out_l).</item>
/// <item>Jacobian: per example a forward pass P and per output a backward pass 2 P (weight and input gradients),
/// m (P + 2 o P), then the contraction n1 n2 r P.</item>
/// </list>
/// </summary>
internal static class NtkCost
{
    public static double MultiplyAdds(INetwork network, long n1, long n2, bool symmetric, NtkMethod method, NtkOutput output = NtkOutput.Traced)
    {
        var layers = network.Layers.Where(l => l.Trainable).ToList();
        double o = network.OutputDim, r = output == NtkOutput.Full ? o * o : o;
        double m = symmetric ? n1 : n1 + n2;
        double weights = layers.Sum(l => (double)l.ParameterCount);
        if (EmpiricalNtk.Resolve(network, method) == NtkMethod.Jacobian)
            return m * (weights + 2 * o * weights) + (double)n1 * n2 * r * weights;
        var dense = network.Layers.Cast<DenseLayer>().ToList();
        double forward = m * dense.Sum(l => (double)l.FanIn * l.FanOut);
        double backward = o * m * dense.Skip(1).Sum(l => (double)l.FanIn * l.FanOut);
        double grams = (double)n1 * n2 * layers.Cast<DenseLayer>().Sum(l => l.FanIn + r * l.FanOut);
        return forward + backward + grams;
    }

    /// <summary>
    /// The bytes a stored kernel of n examples takes: the (n r) x (n r) kernel (r = o for a full kernel, else 1), the
    /// copy and eigenvectors its eigendecomposition makes (three such matrices of float64 in all), and for the Jacobian
    /// method the n o x P per-example Jacobian it contracts.
    /// </summary>
    public static double Bytes(NtkPlan plan, long n, NtkOutput output)
    {
        double rows = output == NtkOutput.Full ? (double)n * plan.Outputs : n;
        double jacobian = plan.Method == NtkMethod.Jacobian ? (double)n * plan.Outputs * plan.Parameters : 0;
        return 8 * (3 * rows * rows + jacobian);
    }
}
