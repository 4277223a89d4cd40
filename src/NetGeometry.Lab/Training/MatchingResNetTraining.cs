using NetGeometry.Engine;
using NetGeometry.Geometry.Matching;
using NetGeometry.Training.Optimizers;
using static TorchSharp.torch;

namespace NetGeometry.Training;

/// <summary>
/// Trains a <see cref="MatchingResNet"/> to carry source landmarks to their targets (Ben Amor, Arguillere &amp; Shao,
/// ResNet-LDDMM, TPAMI 2022, eq. 9): minimize mean_i |x_L,i - target_i|^2 + beta sum_l h mean_i |v_l(x_l,i)|^2, the data
/// term plus the kinetic penalty (beta = 0: none), by full-batch Adam with the learning rate halved at each quarter of
/// the iterations. Each iteration runs in its own dispose scope.
/// </summary>
internal static class MatchingResNetTraining
{
    /// <summary>Trains <paramref name="net"/> for <paramref name="iterations"/> Adam steps; returns the final data term.</summary>
    public static double Fit(MatchingResNet net, Tensor source, Tensor target, double beta, int iterations, double learningRate)
    {
        double data = double.NaN;
        for (int quarter = 0; quarter < 4; quarter++)
        {
            using var adam = new Adam(net.Parameters, learningRate / Math.Pow(2, quarter));
            for (int t = quarter * iterations / 4; t < (quarter + 1) * iterations / 4; t++)
            {
                using var scope = NewDisposeScope();
                var (states, velocities) = net.Path(source);
                var misfit = states[^1].sub(target).pow(Held(2)).sum(new long[] { -1 }).mean();
                var loss = beta > 0 ? misfit.add(MatchingResNet.KineticPenalty(velocities), Held(beta)) : misfit;
                adam.Step(Autograd.Grad(loss, net.Parameters));
                data = misfit.item<double>();
            }
        }
        return data;
    }
}
