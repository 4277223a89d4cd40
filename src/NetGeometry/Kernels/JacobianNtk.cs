using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// The empirical NTK by Jacobian contraction (ntk-computation.md; Jacot et al. 2018, Theta = J J^T): one forward pass
/// per example and one backward pass per output give the rows J[i, a] = df_a(x_i)/dtheta, then Theta = J1 J2^T
/// (traced or full, <see cref="OutputGram"/>). Works for any network; the reference for the other methods.
/// </summary>
internal static class JacobianNtk
{
    public static Tensor Kernel(NtkRequest request, Tensor x1, Tensor? x2)
    {
        RequireMemory(request, x1.shape[0] + (x2?.shape[0] ?? 0));
        using var j1 = Rows(request, x1);
        if (x2 is null) return OutputGram.Of(j1, j1, request.Options.Output);
        using var j2 = Rows(request, x2);
        return OutputGram.Of(j1, j2, request.Options.Output);
    }

    /// <summary>J as n x o x p: the gradient of each output of each example with respect to the chosen parameters.</summary>
    public static Tensor Rows(NtkRequest request, Tensor x)
    {
        var parameters = request.Parameters;
        long n = x.shape[0], o = request.Outputs, p = parameters.Sum(t => t.numel());
        var jacobian = empty(n, o, p, dtype: request.Options.DType, device: x.device);
        for (long i = 0; i < n; i++)
        {
            using var _ = NewDisposeScope();
            var f = request.Network.Forward(x.narrow(0, i, 1));
            for (long a = 0; a < o; a++)
            {
                var gradient = Autograd.Grad(f[0, a], parameters, retainGraph: a + 1 < o);
                jacobian[i, a].copy_(cat(gradient.Select(g => g.reshape(-1)).ToList()));
            }
        }
        return jacobian;
    }

    private static void RequireMemory(NtkRequest request, long examples)
    {
        long p = request.Parameters.Sum(t => t.numel());
        long bytes = examples * request.Outputs * p * (request.Options.DType == ScalarType.Float64 ? 8 : 4);
        InputException.Require(bytes <= request.Options.MaxJacobianBytes,
            $"the Jacobian NTK would store {bytes / 1e9:F1} GB ({examples} examples x {request.Outputs} outputs x {p} parameters), " +
            $"more than the {request.Options.MaxJacobianBytes / 1e9:F1} GB allowed; use the structured method or fewer examples.");
    }
}
