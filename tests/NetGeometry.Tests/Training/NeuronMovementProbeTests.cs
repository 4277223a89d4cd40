using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training.Probes;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Training;

public class NeuronMovementProbeTests
{
    [Fact]
    public void MaxAndMeanRowMovementsMatchALoopOverTheNeuronsOfEachTrainedDenseLayer()
    {
        using var data = TrainingData.SphereRegression(6, 5, seed: 0);
        using var net = new Mlp(5, [7, 4], 1);
        net.Initialize(0);
        using var initial = net.Snapshot();
        var probe = new NeuronMovementProbe();
        var atStart = ProbeRuns.Measure(probe, 0, net, data, initial);
        Assert.All(atStart.Values, v => Assert.Equal(0, v));
        Assert.Equal(6, atStart.Count);                                    // max and mean for layer1..layer3

        using (no_grad())
        {
            var g = Seeds.Generator(4);
            foreach (var layer in net.Layers.Cast<DenseLayer>()) layer.Weight.add_(randn(layer.Weight.shape, dtype: float64, generator: g), Held(1));
        }
        var later = ProbeRuns.Measure(probe, 3, net, data, initial);
        foreach (var layer in net.Layers.Cast<DenseLayer>())
        {
            var now = layer.Weight.detach().data<double>().ToArray();
            var start = initial[$"{layer.Name}.weight"].data<double>().ToArray();
            var rows = Enumerable.Range(0, layer.FanOut)
                .Select(r => Math.Sqrt(Enumerable.Range(0, layer.FanIn).Sum(j => Math.Pow(now[r * layer.FanIn + j] - start[r * layer.FanIn + j], 2))))
                .ToList();
            Assert.Equal(rows.Max(), later[$"neuron_movement_max/{layer.Name}"], 1e-12);
            Assert.Equal(rows.Average(), later[$"neuron_movement_mean/{layer.Name}"], 1e-12);
        }
    }

    [Fact]
    public void DusFixedOutputSignsAreNotAMovingLayer()
    {
        using var data = TrainingData.SphereRegression(6, 3, seed: 0);
        using var net = new TwoLayerRelu(3, 10);
        net.Initialize(0);
        using var initial = net.Snapshot();
        var values = ProbeRuns.Measure(new NeuronMovementProbe(), 0, net, data, initial);
        Assert.Equal(["neuron_movement_max/hidden", "neuron_movement_mean/hidden"], values.Keys.Order().ToArray());
    }
}
