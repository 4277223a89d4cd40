using static TorchSharp.torch;

namespace NetGeometry.Training.Optimizers;

/// <summary>
/// Updates parameters in place from their gradients. State (velocities, moments) is allocated at construction,
/// outside any dispose scope, so a per-step scope never frees it.
/// </summary>
public interface IOptimizer : IDisposable
{
    void Step(IReadOnlyList<Tensor> gradients);
}
