using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// The Gram matrix of per-example, per-output rows A (n x o x F), as a traced or a full kernel:
/// traced sum_a A1[:, a] A2[:, a]^T (n1 x n2), full A1 A2^T over rows (i, a) (n1 o x n2 o). It contracts Jacobian
/// rows (Theta = J1 J2^T) and backward signals (G_l G_l^T) alike.
/// </summary>
internal static class OutputGram
{
    public static Tensor Of(Tensor a1, Tensor a2, NtkOutput output)
    {
        long o = a1.shape[1], f = a1.shape[2];
        return output == NtkOutput.Traced
            ? a1.reshape(a1.shape[0], o * f).mm(a2.reshape(a2.shape[0], o * f).t())
            : a1.reshape(a1.shape[0] * o, f).mm(a2.reshape(a2.shape[0] * o, f).t());
    }
}
