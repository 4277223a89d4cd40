using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// The empirical NTK by Jacobian contraction (ntk-computation.md; Jacot et al. 2018, Theta = J J^T): one forward pass
/// per example and one backward pass per output give the rows J[i, a] = df_a(x_i)/dtheta, then Theta = J1 J2^T
/// (traced or full, <see cref="OutputGram"/>). Works for any network; the reference for the other methods. A traced
/// kernel whose whole J (n o p numbers) exceeds the memory budget is summed one output at a time,
/// Theta = sum_a J_a J_a^T, storing n p numbers at a time for one more forward pass per example and output.
/// </summary>
internal static class JacobianNtk
{
    public static Tensor Kernel(NtkRequest request, Tensor x1, Tensor? x2)
    {
        long examples = x1.shape[0] + (x2?.shape[0] ?? 0);
        bool byOutput = request.Options.Output == NtkOutput.Traced && Bytes(request, examples, request.Outputs) > request.Options.MaxJacobianBytes;
        RequireMemory(request, examples, byOutput ? 1 : request.Outputs);
        if (byOutput) return TracedByOutput(request, x1, x2);
        var outputs = Range(request.Outputs);
        using var j1 = Rows(request, x1, outputs);
        if (x2 is null) return OutputGram.Of(j1, j1, request.Options.Output);
        using var j2 = Rows(request, x2, outputs);
        return OutputGram.Of(j1, j2, request.Options.Output);
    }

    /// <summary>sum_a J1_a J2_a^T, one output a at a time.</summary>
    private static Tensor TracedByOutput(NtkRequest request, Tensor x1, Tensor? x2)
    {
        Tensor? kernel = null;
        for (long a = 0; a < request.Outputs; a++)
        {
            using var j1 = Rows(request, x1, [a]);
            using var j2 = x2 is null ? null : Rows(request, x2, [a]);
            using var part = OutputGram.Of(j1, j2 ?? j1, NtkOutput.Traced);
            kernel = kernel is null ? part.clone() : kernel.add_(part, Held(1));
        }
        return kernel!;
    }

    private static long[] Range(long count) => Enumerable.Range(0, (int)count).Select(a => (long)a).ToArray();

    /// <summary>J as n x |outputs| x p: the gradient of each chosen output of each example with respect to the chosen parameters.</summary>
    private static Tensor Rows(NtkRequest request, Tensor x, long[] outputs)
    {
        var parameters = request.Parameters;
        long n = x.shape[0], p = parameters.Sum(t => t.numel());
        var jacobian = empty(n, outputs.Length, p, dtype: request.Options.DType, device: x.device);
        for (long i = 0; i < n; i++)
        {
            using var _ = NewDisposeScope();
            var f = request.Forward(x.narrow(0, i, 1));
            for (int a = 0; a < outputs.Length; a++)
            {
                var gradient = Autograd.Grad(f[0, outputs[a]], parameters, retainGraph: a + 1 < outputs.Length);
                jacobian[i, a].copy_(cat(gradient.Select(g => g.reshape(-1)).ToList()));
            }
        }
        return jacobian;
    }

    private static long Bytes(NtkRequest request, long examples, long outputs) =>
        examples * outputs * request.Parameters.Sum(t => t.numel()) * (request.Options.DType == ScalarType.Float64 ? 8 : 4);

    private static void RequireMemory(NtkRequest request, long examples, long outputs)
    {
        long bytes = Bytes(request, examples, outputs);
        InputException.Require(bytes <= request.Options.MaxJacobianBytes,
            $"the Jacobian NTK would store {bytes / 1e9:F1} GB ({examples} examples x {outputs} output{(outputs == 1 ? "" : "s")} at a time x " +
            $"{request.Parameters.Sum(t => t.numel())} parameters), more than the {request.Options.MaxJacobianBytes / 1e9:F1} GB allowed; " +
            "use the structured method or fewer examples.");
    }
}
