using NetGeometry.Training.Optimizers;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Training;

public class OptimizerTests
{
    [Fact]
    public void AdamsFirstStepMovesEachCoordinateByTheLearningRate()
    {
        // With bias correction, m_hat = g and v_hat = g^2 after one step, so theta moves by -eta g / (|g| + eps).
        using var theta = tensor(new[] { 1.0, -2.0, 3.0 });
        using var g = tensor(new[] { 0.5, -4.0, 1e-3 });
        using var adam = new Adam(new[] { theta }, 0.1, eps: 0);
        adam.Step(new[] { g });
        Assert.Equal(new[] { 0.9, -1.9, 2.9 }, theta.data<double>().ToArray(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void MomentumFollowsTheHeavyBallRecursion()
    {
        using var theta = tensor(new[] { 1.0 });
        using var momentum = new Momentum(new[] { theta }, 0.1, 0.9);
        double expected = 1.0, v = 0;
        for (int k = 0; k < 5; k++)
        {
            double grad = 2 * expected; // gradient of theta^2
            using var g = tensor(new[] { 2 * theta.item<double>() });
            momentum.Step(new[] { g });
            v = 0.9 * v + grad; expected -= 0.1 * v;
        }
        Assert.Equal(expected, theta.item<double>(), 14);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
