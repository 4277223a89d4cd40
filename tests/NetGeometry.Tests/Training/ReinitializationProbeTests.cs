using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training.Probes;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Training;

public class ReinitializationProbeTests
{
    /// <summary>At initialization resetting a layer changes nothing; after a layer moved, its value is the test error of the
    /// network with that layer's weight and bias copied back from the initial snapshot by hand, and the network is left as it was.</summary>
    [Fact]
    public void EachLayersValueIsTheTestErrorWithThatLayerCopiedBackFromInitialization()
    {
        var probe = new ReinitializationProbe();
        using var data = TrainingData.Blobs(60, 4, seed: 1);
        using var net = new Mlp(4, [8, 8], 3);
        double Error() { using var outputs = Evaluation.Outputs(net, data.Test!); return 1 - Evaluation.AccuracyOf(outputs, data.Test!)!.Value; }
        net.Initialize(0);
        using var initial = net.Snapshot();
        var atStart = ProbeRuns.Measure(probe, 0, net, data, initial);
        Assert.Equal(3, atStart.Count);
        Assert.All(atStart.Values, v => Assert.Equal(Error(), v));

        using (no_grad())
        {
            var g = Seeds.Generator(4);
            foreach (var layer in net.Layers.Cast<DenseLayer>()) layer.Weight.add_(randn(layer.Weight.shape, dtype: float64, generator: g).mul(Held(3)), Held(1));
        }
        double trained = Error();
        var later = ProbeRuns.Measure(probe, 5, net, data, initial);
        Assert.Equal(trained, Error());
        foreach (var layer in net.Layers.Cast<DenseLayer>())
        {
            using var now = net.Snapshot();
            using (no_grad())
            {
                layer.Weight.copy_(initial[$"{layer.Name}.weight"]);
                layer.Bias!.copy_(initial[$"{layer.Name}.bias"]);
            }
            Assert.Equal(Error(), later[$"reinit_error/{layer.Name}"], 12);
            net.Restore(now);
        }
    }
}
