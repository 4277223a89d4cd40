using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training.Probes;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Training;

public class PatternChangeProbeTests
{
    [Fact]
    public void NoPatternChangesAtInitializationAndFlippingOneNeuronChangesOneOverMOfThem()
    {
        const int m = 16;
        using var data = TrainingData.SphereRegression(20, 4, seed: 5);
        using var net = new TwoLayerRelu(4, m);
        net.Initialize(5);
        using var initial = net.Snapshot();
        using var probe = new PatternChangeProbe();
        Assert.Equal(0, ProbeRuns.Measure(probe, 0, net, data, initial).Single(v => v.Key == "pattern_change_fraction/hidden").Value);
        // w_3 -> -w_3 flips 1{w_3 . x_i >= 0} for every x_i (none is exactly orthogonal to w_3): n of the m n pairs.
        using (no_grad()) net.Hidden.Weight[3].neg_();
        Assert.Equal(1.0 / m, ProbeRuns.Measure(probe, 1, net, data, initial).Single().Value, 1e-15);
    }

    [Fact]
    public void EveryReluLayerIsComparedOnItsOwnInputsAsAHandCountDoes()
    {
        using var data = TrainingData.SphereRegression(30, 3, seed: 2);
        using var net = new Mlp(3, [6, 5], 1, parameterization: Parameterization.Ntk);
        net.Initialize(2);
        using var initial = net.Snapshot();
        using var probe = new PatternChangeProbe();
        var x = data.Train.Inputs.data<double>().ToArray();
        var before = HandPatterns(net, x, 30);
        Assert.All(ProbeRuns.Measure(probe, 0, net, data, initial).Values, v => Assert.Equal(0, v));

        using (no_grad())
        {
            var g = Seeds.Generator(7);
            foreach (var layer in net.Layers.Cast<DenseLayer>()) layer.Weight.add_(randn(layer.Weight.shape, dtype: float64, generator: g).mul(Held(0.5)), Held(1));
        }
        var after = HandPatterns(net, x, 30);
        var measured = ProbeRuns.Measure(probe, 10, net, data, initial);
        Assert.Equal(["pattern_change_fraction/layer1", "pattern_change_fraction/layer2"], measured.Keys.Order().ToArray());
        foreach (var layer in new[] { "layer1", "layer2" })
        {
            double changed = before[layer].Zip(after[layer]).Count(p => p.First != p.Second);
            Assert.True(changed > 0, $"the perturbation flips some pattern of {layer}");
            Assert.Equal(changed / before[layer].Count, measured[$"pattern_change_fraction/{layer}"], 1e-15);
        }
    }

    /// <summary>1{z &gt;= 0} of each hidden layer's pre-activations z = m_W u W^T + m_b b, computed with loops.</summary>
    private static Dictionary<string, List<bool>> HandPatterns(Mlp net, double[] x, int n)
    {
        var patterns = new Dictionary<string, List<bool>>();
        var inputs = Enumerable.Range(0, n).Select(i => x.Skip(i * 3).Take(3).ToArray()).ToList();
        foreach (var layer in net.Layers.Cast<DenseLayer>().Take(2))
        {
            var w = layer.Weight.detach().data<double>().ToArray();
            var b = layer.Bias!.detach().data<double>().ToArray();
            var z = inputs.Select(u => Enumerable.Range(0, layer.FanOut)
                .Select(r => layer.WeightMultiplier * Enumerable.Range(0, layer.FanIn).Sum(j => w[r * layer.FanIn + j] * u[j]) + layer.BiasMultiplier * b[r]).ToArray()).ToList();
            patterns[layer.Name] = z.SelectMany(row => row.Select(v => v >= 0)).ToList();
            inputs = z.Select(row => row.Select(v => Math.Max(v, 0)).ToArray()).ToList();
        }
        return patterns;
    }

    [Fact]
    public void ANetworkWithoutReluLayersIsAnInputError()
    {
        using var data = TrainingData.SphereRegression(5, 3, seed: 0);
        using var net = new Mlp(3, [4], 1, Activation.Tanh);
        Assert.Throws<InputException>(() => ((IProbe)new PatternChangeProbe()).Check(net, data));
    }
}
