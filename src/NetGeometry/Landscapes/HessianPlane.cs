using NetGeometry.Curvature;
using NetGeometry.Models;
using static TorchSharp.torch;

namespace NetGeometry.Landscapes;

/// <summary>
/// The plane of the two largest eigenvectors of the loss Hessian at theta* (by <see cref="Lanczos"/> on the
/// matrix-free <see cref="LossHessian"/>): curvature in a picture, the directions the loss rises fastest in. The unit
/// eigenvectors are scaled to the norm a filter-normalized direction has, so that the axes read in the same units as
/// a random plane's.
/// </summary>
/// <param name="First">The eigenvector of the largest eigenvalue, scaled to <paramref name="Norm"/>.</param>
/// <param name="Second">The eigenvector of the second largest, scaled alike.</param>
/// <param name="Norm">The directions' norm.</param>
/// <param name="Eigenvalues">The two largest eigenvalues.</param>
/// <param name="Converged">Whether Lanczos reached its tolerance for both.</param>
internal sealed record HessianPlane(Tensor First, Tensor Second, double[] Eigenvalues, bool Converged, double Norm) : IDisposable
{
    /// <summary>The plane at the model's current parameters over the data's batches.</summary>
    public static HessianPlane Of(Model model, LandscapeData data, double norm, long seed, int maxProducts, IProgress<LanczosProgress>? progress = null)
    {
        using var hessian = new LossHessian(model, data.Loss, data.Batches);
        using var pairs = Lanczos.Eigenpairs(hessian, k: 2, SpectrumEnd.Largest, tolerance: 1e-6, maxProducts: maxProducts, seed: seed, progress: progress);
        using var scope = NewDisposeScope();
        var first = pairs.Vectors[.., 0].mul(Held(norm)).contiguous();
        var second = pairs.Vectors[.., 1].mul(Held(norm)).contiguous();
        return new HessianPlane(first.MoveToOuterDisposeScope(), second.MoveToOuterDisposeScope(), pairs.Values, pairs.Converged, norm);
    }

    /// <summary>Frees the directions.</summary>
    public void Dispose()
    {
        First.Dispose();
        Second.Dispose();
    }
}
