using static TorchSharp.torch;

namespace NetGeometry.Geometry.Kernel;

/// <summary>
/// The two kernel complexity measures of geometrization.md, as functions of a kernel's pseudo-inverse
/// (<see cref="KernelPseudoInverse"/>):
/// <list type="bullet">
/// <item>the RKHS norm of the learned change under the NTK at initialization,
/// ||f_T - f_0||_K0 = sqrt(tr((f_T - f_0)^T K0^+ (f_T - f_0))) (f the n x o outputs on the training set, K0 the
/// per-output NTK, summed over outputs: the norm in the RKHS of K0 (kron) I_o, which the NTK is in the infinite-width
/// limit; Jacot et al. 2018). In the kernel regime gradient descent from f_0 learns the minimum-norm interpolant, and
/// this norm is what kernel generalization bounds charge for it;</item>
/// <item>the data-dependent complexity of Arora, Du, Hu, Li &amp; Wang (ICML 2019, Theorem 5.1),
/// sqrt(2 y^T (H-inf)^-1 y / n), with H-inf the infinite-width Gram matrix on the n training inputs and y the training
/// targets (summed over the columns of y for several outputs).</item>
/// </list>
/// </summary>
public static class KernelComplexity
{
    /// <summary>||f_T - f_0||_K0 = sqrt(tr(dF^T K0^+ dF)), dF = <paramref name="final"/> - <paramref name="initial"/>.</summary>
    /// <param name="initialKernel">K0's pseudo-inverse (n x n).</param>
    /// <param name="initial">f_0, n values or n x o outputs.</param>
    /// <param name="final">f_T, shaped like f_0.</param>
    /// <exception cref="ArgumentException">The outputs differ in shape or do not have n rows.</exception>
    public static double RkhsNormOfChange(KernelPseudoInverse initialKernel, Tensor initial, Tensor final)
    {
        if (!initial.shape.SequenceEqual(final.shape))
            throw new ArgumentException($"the outputs must have one shape, got [{string.Join(", ", initial.shape)}] and [{string.Join(", ", final.shape)}].");
        using var change = final.detach().to(float64).sub(initial.detach().to(float64));
        return Math.Sqrt(Math.Max(initialKernel.QuadraticForm(change), 0));
    }

    /// <summary>Arora et al.'s sqrt(2 y^T (H-inf)^-1 y / n) (Theorem 5.1), n the kernel's size.</summary>
    /// <param name="hInfinity">H-inf's pseudo-inverse (n x n).</param>
    /// <param name="targets">y, n values or n x o targets.</param>
    /// <exception cref="ArgumentException">The targets do not have n rows.</exception>
    public static double DataDependent(KernelPseudoInverse hInfinity, Tensor targets) =>
        Math.Sqrt(Math.Max(2 * hInfinity.QuadraticForm(targets) / hInfinity.Size, 0));
}
