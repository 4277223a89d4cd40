using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Sensitivity;
using NetGeometry.Tests.Training;
using NetGeometry.Training;

namespace NetGeometry.Tests.Sensitivity;

public class SensitivityTests
{
    /// <summary>An MLP trained on three Gaussian blobs (or, for <paramref name="regression"/>, on N(0,1) labels on the
    /// sphere, evaluated on the training set), with its checkpoints.</summary>
    internal static (INetwork Network, NetGeometry.Data.DataSplit Data, MemoryRecorder Recorder) Trained(bool regression = false)
    {
        var data = regression ? TrainingData.SphereRegression(40, 4, 3) : TrainingData.Blobs(240, 4, 3);
        var network = new NetworkSpec { Model = "mlp", Widths = new[] { 32, 32 } }.Build(4, regression ? 1 : 3);
        network.Initialize(5);
        var recorder = new MemoryRecorder();
        Trainer.Train(network, data, new TrainingSpec
        {
            Optimizer = "adam", LearningRate = 0.01, Steps = regression ? 150 : 60, ProbeSchedule = "end", CheckpointSchedule = "log:4", Probes = new[] { "loss" },
        }, 5, recorder);
        return (network, data, recorder);
    }

    /// <summary>The recorder's checkpoints as re-initialization reads them (the recorder keeps owning the tensors).</summary>
    internal static IReadOnlyList<CheckpointState> States(MemoryRecorder recorder) =>
        recorder.Checkpoints.Select(c => CheckpointState.FromSnapshot(c.Step, c.Snapshot)).ToList();

    [Fact]
    public void EveryMeasurementRestoresTheNetworkExactly()
    {
        var (network, data, recorder) = Trained();
        using var _ = network; using var __ = data; using var ___ = recorder;
        using var before = network.Snapshot();
        using var model = network.AsModel();
        var test = SensitivityData.Of(data.Test!, LossKind.CrossEntropy);
        ReinitializationRobustness.Measure(model, test, States(recorder));
        RerandomizationRobustness.Measure(model, test, seed: 1, draws: 2);
        using var after = network.Snapshot();
        Assert.All(before.Entries.Zip(after.Entries), pair => Assert.True(TensorAssert.Same(pair.First.Value, pair.Second.Value), pair.First.Key));
    }

    [Fact]
    public void ResettingToTheFinalCheckpointChangesNothingAndToTheStartHurts()
    {
        var (network, data, recorder) = Trained(regression: true);
        using var _ = network; using var __ = data; using var ___ = recorder;
        var checkpoints = States(recorder);
        using var model = network.AsModel();
        var train = SensitivityData.Of(data.Train, LossKind.Square);
        double baseline = SensitivityError.Of(model, train);
        var errors = ReinitializationRobustness.Measure(model, train, checkpoints);
        Assert.Equal("loss", SensitivityError.Kind(data.Train));
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Assert.Equal(baseline, errors[l, checkpoints.Count - 1]);
            Assert.True(errors[l, 0] > 2 * baseline, $"{network.Layers[l].Name} at init: loss {errors[l, 0]} vs {baseline}");
        }
    }

    [Fact]
    public void RerandomizationDrawsFreshValuesDeterministically()
    {
        var (network, data, recorder) = Trained();
        using var _ = network; using var __ = data; using var ___ = recorder;
        using var model = network.AsModel();
        var test = SensitivityData.Of(data.Test!, LossKind.CrossEntropy);
        var first = RerandomizationRobustness.Measure(model, test, seed: 8, draws: 2);
        var again = RerandomizationRobustness.Measure(model, test, seed: 8, draws: 2);
        var other = RerandomizationRobustness.Measure(model, test, seed: 9, draws: 2);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.NotEqual(first[0, 0], first[0, 1]);
        var atInit = ReinitializationRobustness.Measure(model, test, [States(recorder)[0]]);
        Assert.NotEqual(atInit[0, 0], first[0, 0]);   // a fresh draw, not the run's own initialization
    }

    [Fact]
    public void TheTableHasTheRerandomizationMeanFirstThenCheckpoints()
    {
        var table = new SensitivityMatrix(["a", "b"], [0, 10], new double[,] { { 0.5, 0.7 }, { 0.1, 0.3 } },
            new double[,] { { 0.4, 0.05 }, { 0.06, 0.05 } }, 0.05, "error", "test");
        Assert.Equal(new double[,] { { 0.6, 0.4, 0.05 }, { 0.2, 0.06, 0.05 } }, table.Matrix);
    }

    [Fact]
    public void CheckpointColumnsAreLogSpacedAndKeepTheEnds()
    {
        var steps = Enumerable.Range(0, 1001).Select(i => (long)i).ToList();
        var columns = CheckpointColumns.LogSpaced(steps, 4);
        Assert.Equal(new long[] { 0, 9, 99, 1000 }, columns);
        Assert.Equal(new long[] { 0, 5, 7 }, CheckpointColumns.LogSpaced([7, 0, 5], 12));
    }
}
