using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Orthogonal;
using NetGeometry.Tests.Training;
using NetGeometry.Training;
using NetGeometry.Training.Optimizers;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Orthogonal;

public class OptTrainingTests
{
    private static (TrainingResult Result, MemoryRecorder Recorder) Train(NetworkSpec network, TrainingSpec training, long seed = 1)
    {
        using var data = TrainingData.Blobs(120, 10, 4);
        using var net = network.Build(10, 3);
        net.Initialize(seed);
        var recorder = new MemoryRecorder();
        return (Trainer.Train(net, data, training, seed, recorder), recorder);
    }

    private static readonly TrainingSpec Short = new()
    {
        Optimizer = "adam", LearningRate = 0.01, Steps = 60, BatchSize = 32, ProbeSchedule = "every:20",
        Probes = ["loss", "energy", "orthogonality"], OgdTolerance = 1e-12, SoptEpisode = 25,
    };

    /// <summary>The same network trained normally, run once for every case that compares with it.</summary>
    private static readonly Lazy<MemoryRecorder> Standard = new(() => Train(new NetworkSpec { Model = "mlp", Widths = [24, 24] }, Short).Recorder);

    /// <summary>The largest relative change of a layer's recorded energy from its value at step 0.</summary>
    private static double EnergyDrift(MemoryRecorder recorder, string metric, string layer)
    {
        var series = recorder.Series(metric, layer).Select(m => m.Value).ToList();
        Assert.Equal(4, series.Count);
        return series.Max(e => Math.Abs(e / series[0] - 1));
    }

    [Theory]
    [InlineData("gs", null)]
    [InlineData("hr", null)]
    [InlineData("ls", null)]
    [InlineData("cp", null)]
    [InlineData("exp", null)]
    [InlineData("ns", null)]
    [InlineData("ogd", null)]
    [InlineData("cp", 0.5)]
    [InlineData("ogd", 0.4)]
    public void OptTrainingKeepsEachOptLayersEnergyWhileStandardTrainingMovesIt(string method, double? sopt)
    {
        var (result, opt) = Train(new NetworkSpec { Model = "mlp", Widths = [24, 24], Opt = method, SoptFraction = sopt },
            Short with { OptLearningRate = 0.05 });
        using var _ = opt;
        var plain = Standard.Value;
        Assert.Equal(RunStatus.Completed, result.Status);
        var loss = opt.Series("train_loss").ToList();
        Assert.True(loss[^1].Value < 0.5 * loss[0].Value, $"{method}: loss {loss[0].Value} -> {loss[^1].Value}");
        foreach (var layer in new[] { "layer1", "layer2" })
        foreach (var metric in EnergyVariant.Recorded.Select(v => v.MetricName))
        {
            double moved = EnergyDrift(plain, metric, layer), kept = EnergyDrift(opt, metric, layer);
            Assert.True(moved > 1e-4, $"standard {layer} {metric} moved only {moved:E2}");
            Assert.True(kept < 1e-9, $"{method} {layer} {metric} moved {kept:E2}");
        }
        Assert.True(EnergyDrift(opt, "energy_s1", "layer3") > 1e-3, "the standard output layer's energy moves");
        var errors = opt.Metrics.Where(m => m.Name == "orthogonality_error").ToList();
        Assert.Equal(["layer1", "layer2"], errors.Select(m => m.Layer).Distinct());
        Assert.All(errors, m => Assert.True(m.Value < 1e-10, $"{m.Layer} at step {m.Step}: {m.Value:E2}"));
        Assert.DoesNotContain(plain.Metrics, m => m.Name == "orthogonality_error");
    }

    [Fact]
    public void TheOrPenaltyKeepsRCloserToOrthogonalThanNoPenalty()
    {
        var network = new NetworkSpec { Model = "mlp", Widths = [24, 24], Opt = "or" };
        var (_, penalized) = Train(network, Short with { OrPenalty = 1.0 });
        var (_, free) = Train(network, Short with { OrPenalty = 0.0 });
        using var _ = penalized; using var __ = free;
        foreach (var layer in new[] { "layer1", "layer2" })
        {
            double withPenalty = penalized.Series("orthogonality_error", layer).Last().Value;
            double without = free.Series("orthogonality_error", layer).Last().Value;
            Assert.True(without > 1e-3, $"{layer}: unconstrained R drifts ({without:E2})");
            Assert.True(withPenalty < 0.5 * without, $"{layer}: penalty {withPenalty:E2}, none {without:E2}");
        }
    }

    [Fact]
    public void OgdStaysOrthogonalWhileReachingTheNearestTargetAndReportsItsDrift()
    {
        // minimize ||X - T||_F^2 over the rotations, T = exp(S): OGD from X = I must reach T, staying orthogonal.
        using var g = Seeds.Generator(1);
        using var target = linalg.matrix_exp(SkewSymmetric.FromUpperTriangle(randn(8, 8, generator: g, dtype: float64).mul(Held(0.4))));
        using var x = eye(8, dtype: float64);
        using var ogd = new OrthogonalGradientDescent([x], learningRate: 0.2, momentum: 0.9, tolerance: 1e-12);
        for (int step = 0; step < 300; step++)
        {
            using var gradient = x.sub(target).mul(Held(2));
            ogd.Step([gradient]);
            Assert.True(Orthogonality.Error(x) <= 1e-12, $"step {step}: {Orthogonality.Error(x):E2}");
        }
        using var distance = x.sub(target).norm();
        Assert.True(distance.item<double>() < 1e-6, $"||X - T|| = {distance.item<double>():E2}");
        Assert.True(ogd.MaxDrift > 1e-12 && ogd.Reorthonormalizations > 0, $"drift {ogd.MaxDrift:E2}, {ogd.Reorthonormalizations} corrections");
    }

    [Fact]
    public void SoptTrainingIsReproducibleAndChangesItsSubsetsEveryEpisode()
    {
        var network = new NetworkSpec { Model = "mlp", Widths = [16], Opt = "gs", SoptFraction = 0.5 };
        var training = Short with { Steps = 30, SoptEpisode = 10, CheckpointSchedule = "every:10", ProbeSchedule = "every:10" };
        var (_, first) = Train(network, training, seed: 6);
        var (_, again) = Train(network, training, seed: 6);
        using var _ = first; using var __ = again;
        Assert.Equal(first.Metrics, again.Metrics);
        var subsets = first.Checkpoints.Select(c => c.Snapshot["layer1.subset"]).ToList();
        Assert.Equal(4, subsets.Count);
        for (int k = 1; k < subsets.Count; k++) Assert.False(TensorAssert.Same(subsets[k - 1], subsets[k]), $"episode {k}");
        Assert.False(TensorAssert.Same(first.Checkpoints[0].Snapshot["layer1.v"], first.Checkpoints[3].Snapshot["layer1.v"]), "V takes W at each fold-back");
    }
}
