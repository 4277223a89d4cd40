using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Spectral;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Training;

public class ResidualSpectrumProbeTests
{
    private const double Eta = 4.0;

    /// <summary>Du et al.'s network (m = 4000) trained by gradient descent on 120 points of S^2 with the target
    /// Y_1 + 0.5 Y_3 (Y_l unit zonal harmonics), the probe recording every 10 steps; also H(0) and r(0), computed
    /// here independently of the probe.</summary>
    private static (MemoryRecorder Recorder, Tensor H0, Tensor Residual0) Run(int steps)
    {
        var spec = new DataSpec { Source = "sphere", Train = 120, Dim = 3, Labels = "harmonics", Harmonics = [new(1, 1.0), new(3, 0.5)] };
        using var split = spec.Load(seed: 2);
        using var net = new NetworkSpec { Model = "two-layer-relu", Widths = [4000] }.Build(3, 1);
        net.Initialize(2);
        var h0 = DuGram.Finite(split.Train.Inputs, ((TwoLayerRelu)net).Hidden.Weight);
        Tensor residual0;
        using (no_grad()) residual0 = net.Forward(split.Train.Inputs).sub(split.Train.Targets).reshape(-1);
        var recorder = new MemoryRecorder();
        var training = new TrainingSpec { Optimizer = "gd", LearningRate = Eta, Steps = steps, ProbeSchedule = "every:10", Probes = ["loss", "residual-spectrum"] };
        var result = Trainer.Train(net, split, training, 2, recorder);
        Assert.Equal(RunStatus.Completed, result.Status);
        return (recorder, h0, residual0);
    }

    [Fact]
    public void EnergiesSplitTheLossAndFollowTheLinearizedDynamicsOfHZero()
    {
        using var scope = NewDisposeScope();
        var (recorder, h0, r0) = Run(60);
        using var _ = recorder;
        var steps = recorder.Series("train_loss").Select(m => m.Step).ToList();
        Assert.Equal(new long[] { 0, 10, 20, 30, 40, 50, 60 }, steps);
        string[] clusters = ["degree0", "degree1", "degree2", "degree4", "degree6", "degree8"]; // 1+3+5+9+13+17 = 48 <= 120
        foreach (var step in steps)
        {
            double Value(string name, string? layer) => recorder.Metrics.Single(m => m.Step == step && m.Name == name && m.Layer == layer).Value;
            double total = Value("residual_energy", null);
            Assert.Equal(2 * Value("train_loss", null), total, 1e-12 * Math.Max(1, total));
            Assert.Equal(total, clusters.Sum(c => Value("residual_energy", c)) + Value("residual_energy", "rest"), 1e-12);
        }
        Assert.Equal(clusters.Order(), recorder.Metrics.Where(m => m.Name == "h0_eigenvalue").Select(m => m.Layer!).Order());
        Assert.All(recorder.Metrics.Where(m => m.Name == "h0_eigenvalue"), m => Assert.Equal(0, m.Step));

        // The probe clusters H(0)/n, the matrix of the linearized dynamics r(k) = (I - eta H(0)/n)^k r(0): with v_i
        // its eigenvectors, the degree-1 energy at step k is predicted as (1/n) sum_{i in ranks 0..2} (1 - eta
        // lambda_i)^(2k) (v_i . r(0))^2. At width 4000 the network stays close to that.
        int n = (int)r0.shape[0];
        var (values, vectors) = linalg.eigh(h0.div(Held(n)));
        var top = vectors.flip(1).narrow(1, 0, 3);
        var lambda = values.flip(0).narrow(0, 0, 3).data<double>().ToArray();
        var coefficients = top.t().matmul(r0).data<double>().ToArray();
        Assert.Equal(lambda.Average(), recorder.Series("h0_eigenvalue", "degree1").Single().Value, 1e-12);
        double Predicted(long k) => Enumerable.Range(0, 3).Sum(i => Math.Pow(1 - Eta * lambda[i], 2 * k) * coefficients[i] * coefficients[i]) / n;
        var degree1 = recorder.Series("residual_energy", "degree1").ToDictionary(m => m.Step, m => m.Value);
        var rest = recorder.Series("residual_energy", "rest").ToDictionary(m => m.Step, m => m.Value);
        Assert.Equal(Predicted(0), degree1[0], 1e-12);
        Assert.True(Math.Abs(degree1[10] / Predicted(10) - 1) <= 0.1, $"step 10: degree-1 energy {degree1[10]:G4}, linearized {Predicted(10):G4}");
        // The degree-1 part is learned (eta mu_1 = 1/3 per step), the degree-3 part (mu_3 = 0) stalls in the rest.
        Assert.True(degree1[60] <= 1e-8 * degree1[0], $"degree-1 energy {degree1[0]:G4} -> {degree1[60]:G4}");
        Assert.True(rest[60] >= 0.9 * rest[0], $"energy outside the clusters {rest[0]:G4} -> {rest[60]:G4}");
    }
}
