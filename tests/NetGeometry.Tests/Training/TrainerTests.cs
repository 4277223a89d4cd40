using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Tests.Training;

public class TrainerTests
{
    private static (TrainingResult Result, MemoryRecorder Recorder) Run(NetworkSpec net, TrainingSpec training,
        Func<NetGeometry.Data.DataSplit> data, long seed = 1)
    {
        using var split = data();
        using var network = net.Build((int)split.Train.InputDim, split.Train.ClassCount ?? (int)split.Train.OutputDim);
        network.Initialize(seed);
        var recorder = new MemoryRecorder();
        return (Trainer.Train(network, split, training, seed, recorder), recorder);
    }

    [Theory]
    [InlineData("gd", 5.0, null)]
    [InlineData("sgd", 2.0, 16)]
    [InlineData("momentum", 0.2, 16)]
    [InlineData("adam", 0.01, 16)]
    public void EveryOptimizerLowersTheSquareLoss(string optimizer, double lr, int? batch)
    {
        var (result, recorder) = Run(new NetworkSpec { Model = "mlp", Widths = new[] { 64 }, Parameterization = "ntk" },
            new TrainingSpec { Optimizer = optimizer, LearningRate = lr, Steps = 200, BatchSize = batch, ProbeSchedule = "every:50" },
            () => TrainingData.SphereRegression(40, 5, 3));
        using var _ = recorder;
        var loss = recorder.Series("train_loss").ToList();
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(new long[] { 0, 50, 100, 150, 200 }, loss.Select(m => m.Step));
        Assert.True(loss[^1].Value < 0.5 * loss[0].Value, $"{optimizer}: loss {loss[0].Value} -> {loss[^1].Value}");
        Assert.Equal(loss[^1].Value, result.Final["train_loss"], 12);
    }

    [Fact]
    public void CrossEntropyTrainingClassifiesSeparableBlobs()
    {
        var (result, recorder) = Run(new NetworkSpec { Model = "mlp", Widths = new[] { 32 } },
            new TrainingSpec { Optimizer = "adam", LearningRate = 0.01, Epochs = 20, BatchSize = 32, ProbeSchedule = "epoch" },
            () => TrainingData.Blobs(300, 4, 5));
        using var _ = recorder;
        Assert.True(result.Final["test_accuracy"] > 0.9, $"test accuracy {result.Final["test_accuracy"]}");
        Assert.Equal(21, recorder.Series("test_accuracy").Count());
        Assert.Contains(recorder.Metrics, m => m.Name == "relative_distance_from_init" && m.Layer == "layer1" && m.Value > 0);
        Assert.Contains(recorder.Metrics, m => m.Name == "grad_norm" && m.Layer == "layer2");
    }

    [Fact]
    public void SameSeedGivesIdenticalNumbers()
    {
        var training = new TrainingSpec { Optimizer = "sgd", LearningRate = 0.1, Steps = 30, BatchSize = 8, ProbeSchedule = "every:5" };
        var net = new NetworkSpec { Model = "residual-mlp", Widths = new[] { 16 }, Depth = 2 };
        var (_, first) = Run(net, training, () => TrainingData.SphereRegression(30, 4, 8), seed: 4);
        var (_, second) = Run(net, training, () => TrainingData.SphereRegression(30, 4, 8), seed: 4);
        var (_, other) = Run(net, training, () => TrainingData.SphereRegression(30, 4, 8), seed: 5);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.NotEqual(first.Metrics, other.Metrics);
    }

    [Fact]
    public void ADivergingRunStopsCleanlyAndKeepsItsRecords()
    {
        var (result, recorder) = Run(new NetworkSpec { Model = "mlp", Widths = new[] { 32 }, Parameterization = "ntk" },
            new TrainingSpec { Optimizer = "gd", LearningRate = 1e3, Steps = 500, ProbeSchedule = "every:1" },
            () => TrainingData.SphereRegression(20, 3, 2));
        using var _ = recorder;
        Assert.Equal(RunStatus.Diverged, result.Status);
        Assert.Contains("lower the learning rate", result.Message);
        Assert.True(result.StepsCompleted < 500);
        var loss = recorder.Series("train_loss").ToList();
        Assert.Equal(0, loss[0].Step);
        Assert.True(loss.Count >= 2 && double.IsFinite(loss[0].Value));
    }

    [Fact]
    public void CheckpointsAreSavedOnTheirScheduleAndMatchTheDistanceProbe()
    {
        var (_, recorder) = Run(new NetworkSpec { Model = "two-layer-relu", Widths = new[] { 50 } },
            new TrainingSpec { Optimizer = "gd", LearningRate = 0.5, Steps = 20, ProbeSchedule = "every:10", CheckpointSchedule = "every:10" },
            () => TrainingData.SphereRegression(10, 3, 6));
        using var _ = recorder;
        Assert.Equal(new long[] { 0, 10, 20 }, recorder.Checkpoints.Select(c => c.Step));
        using var moved = recorder.Checkpoints[2].Snapshot["hidden.weight"].sub(recorder.Checkpoints[0].Snapshot["hidden.weight"]);
        double distance = moved.norm().item<double>();
        Assert.Equal(recorder.Series("distance_from_init", "hidden").Last().Value, distance, 12);
        Assert.True(TensorAssert.Same(recorder.Checkpoints[0].Snapshot["output.weight"], recorder.Checkpoints[2].Snapshot["output.weight"]),
            "Du et al.'s output layer a stays fixed");
    }

    [Fact]
    public void MismatchedDataAndNetworkIsAnInputError()
    {
        using var split = TrainingData.SphereRegression(10, 3, 1);
        using var net = new NetworkSpec { Model = "mlp", Widths = new[] { 8 } }.Build(4, 1);
        var error = Assert.Throws<NetGeometry.Engine.InputException>(() =>
            Trainer.Train(net, split, new TrainingSpec { Steps = 1 }, 0, new MemoryRecorder()));
        Assert.Contains("takes 4 inputs but the data have 3", error.Message);
    }
}
