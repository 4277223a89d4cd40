using NetGeometry.Geometry.Paths;
using NetGeometry.Networks;
using NetGeometry.Tests.Training;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class TrainingPathTests
{
    /// <summary>A two-layer parameter set: layer "a" holds (x, y), layer "b" holds (z).</summary>
    private static ParameterSnapshot Point(double x, double y, double z) => new(new[]
    {
        ("a", "weight", tensor(new[] { x, y }, ScalarType.Float64)),
        ("b", "weight", tensor(new[] { z }, ScalarType.Float64)),
    });

    [Fact]
    public void PointsOnAStraightLineHaveStraightnessOne()
    {
        using var start = Point(1, 1, 1);
        using var path = new TrainingPath(start.Entries);
        PathPoint last = null!;
        for (int k = 0; k <= 4; k++)
        {
            using var p = Point(1 + 3 * k, 1 + 4 * k, 1 - 2 * k);
            last = path.Advance(k, p.Entries);
        }
        Assert.Equal(4 * Math.Sqrt(9 + 16 + 4), last.Total.Length, 12);
        Assert.Equal(1.0, last.Total.Straightness, 12);
        Assert.Equal(20.0, last.Layers[0].Length, 12);
        Assert.Equal(1.0, last.Layers[0].Straightness, 12);
        Assert.Equal(8.0, last.Layers[1].DistanceFromInit, 12);
        Assert.Equal(8.0, last.Layers[1].RelativeDistanceFromInit, 12);
    }

    [Fact]
    public void APolygonsLengthIsTheSumOfItsSides()
    {
        // (0,0) -> (3,0) -> (3,4) -> (0,4) in layer a; layer b stays: sides 3 + 4 + 3 = 10, end 4 from the start.
        using var start = Point(0, 0, 2);
        using var path = new TrainingPath(start.Entries);
        PathPoint last = null!;
        foreach (var (step, x, y) in new[] { (0L, 0.0, 0.0), (1L, 3.0, 0.0), (5L, 3.0, 4.0), (9L, 0.0, 4.0) })
        {
            using var p = Point(x, y, 2);
            last = path.Advance(step, p.Entries);
        }
        Assert.Equal(9, last.Step);
        Assert.Equal(10.0, last.Total.Length, 12);
        Assert.Equal(4.0, last.Total.DistanceFromInit, 12);
        Assert.Equal(0.4, last.Total.Straightness, 12);
        Assert.Equal(0.0, last.Layers[1].Length);
        Assert.True(double.IsNaN(last.Layers[1].Straightness), "a layer that never moved has no straightness");
        Assert.True(double.IsNaN(last.Layers[0].RelativeDistanceFromInit), "a layer starting at 0 has no relative distance");
    }

    [Fact]
    public void FunctionSpaceLengthIsTheOutputPolygonOverRootN()
    {
        using var start = Point(0, 0, 0);
        using var f0 = zeros(4, 1, dtype: float64);
        using var path = new TrainingPath(start.Entries, f0);
        using var f1 = full(4, 1, Held(1.0), dtype: float64);     // moves by ||(1,1,1,1)|| = 2
        using var f2 = full(4, 1, Held(2.5), dtype: float64);     // moves by 3
        path.Advance(0, start.Entries, f0);
        path.Advance(1, start.Entries, f1);
        var last = path.Advance(2, start.Entries, f2);
        Assert.Equal((2.0 + 3.0) / 2, last.FunctionSpaceLength!.Value, 12);
        Assert.Equal(5.0 / 2, last.FunctionSpaceDistance!.Value, 12);
    }

    [Fact]
    public void ThePathProbeMatchesTheCheckpointsItWalkedThrough()
    {
        using var split = TrainingData.SphereRegression(20, 3, 7);
        using var network = new NetworkSpec { Model = "mlp", Widths = new[] { 16 }, Parameterization = "ntk" }.Build(3, 1);
        network.Initialize(2);
        using var recorder = new MemoryRecorder();
        Trainer.Train(network, split, new TrainingSpec
        {
            Optimizer = "gd", LearningRate = 0.5, Steps = 12, ProbeSchedule = "every:3", CheckpointSchedule = "every:3",
            Probes = new[] { "distance", "path" },
        }, 2, recorder);
        double polygon = 0;
        for (int k = 1; k < recorder.Checkpoints.Count; k++)
            polygon += Math.Sqrt(recorder.Checkpoints[k].Snapshot.Entries.Zip(recorder.Checkpoints[k - 1].Snapshot.Entries,
                (a, b) => a.Value.sub(b.Value).pow(Held(2)).sum().item<double>()).Sum());
        var length = recorder.Series("trajectory_length").ToList();
        Assert.Equal(new long[] { 0, 3, 6, 9, 12 }, length.Select(m => m.Step));
        Assert.Equal(polygon, length[^1].Value, 10);
        var straightness = recorder.Series("straightness").Last().Value;
        Assert.Equal(recorder.Series("distance_from_init").Last().Value / polygon, straightness, 10);
        Assert.InRange(straightness, 0.5, 1.0);
        Assert.True(recorder.Series("function_space_length").Last().Value > 0);
        Assert.Contains(recorder.Metrics, m => m.Name == "trajectory_length" && m.Layer == "layer1");
    }
}
