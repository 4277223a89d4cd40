using NetGeometry.Engine;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Networks;

/// <summary>Autograd against central finite differences for every network family and activation (float64).</summary>
public class NetworkGradientTests
{
    public static IEnumerable<object[]> Families()
    {
        foreach (var activation in Enum.GetNames<Activation>())
            foreach (var parameterization in new[] { "ntk", "standard" })
            {
                yield return new object[] { new NetworkSpec { Model = "mlp", Widths = new[] { 12, 9 }, Activation = activation, Parameterization = parameterization } };
                yield return new object[] { new NetworkSpec { Model = "residual-mlp", Widths = new[] { 8 }, Depth = 3, Activation = activation, Parameterization = parameterization } };
            }
        yield return new object[] { new NetworkSpec { Model = "two-layer-relu", Widths = new[] { 40 } } };
        yield return new object[] { new NetworkSpec { Model = "two-layer-relu", Widths = new[] { 40 }, TrainOutput = true } };
        yield return new object[] { new NetworkSpec { Model = "mlp", Widths = new[] { 10 }, Depth = 4, Bias = false, Parameterization = "ntk", Activation = "tanh" } };
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void AutogradMatchesCentralDifferences(NetworkSpec spec)
    {
        int outputs = spec.Model == "two-layer-relu" ? 1 : 3;
        using var net = spec.Build(inputDim: 5, outputDim: outputs);
        net.Initialize(seed: 7);
        using var g = Seeds.Generator(11);
        using var x = randn(6, 5, generator: g, dtype: float64);
        using var projection = randn(6, outputs, generator: g, dtype: float64);
        var parameters = net.TrainableParameters();
        Tensor Objective() => net.Forward(x).mul(projection).sum();

        Tensor[] gradient;
        using (var value = Objective()) gradient = Autograd.Grad(value, parameters);

        for (int trial = 0; trial < 3; trial++)
        {
            var direction = parameters.Select(p => randn(p.shape, generator: g, dtype: float64)).ToList();
            double analytic = gradient.Zip(direction, (a, v) => a.mul(v).sum().item<double>()).Sum();
            const double h = 1e-6;
            double Shifted(double sign)
            {
                using var _ = no_grad();
                for (int i = 0; i < parameters.Count; i++) parameters[i].add_(direction[i], alpha: Held(sign * h));
                double value = Objective().item<double>();
                for (int i = 0; i < parameters.Count; i++) parameters[i].add_(direction[i], alpha: Held(-sign * h));
                return value;
            }
            double numeric = (Shifted(+1) - Shifted(-1)) / (2 * h);
            double relative = Math.Abs(analytic - numeric) / Math.Max(Math.Abs(analytic), 1e-12);
            Assert.True(relative < 1e-6, $"{spec.Model}/{spec.Activation}/{spec.Parameterization}: analytic {analytic}, numeric {numeric}, relative error {relative}");
        }
    }

    [Fact]
    public void LibtorchLoadsAndComputesInFloat64()
    {
        using var a = tensor(new double[] { 1, 2, 3, 4 }, 2, 2);
        using var inverse = linalg.inv(a);
        Assert.Equal(ScalarType.Float64, inverse.dtype);
        Assert.Equal(-2.0, inverse[0, 0].item<double>(), 12);
    }
}
