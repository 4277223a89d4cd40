using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Training;

public class DuGradientTests
{
    [Fact]
    public void TheClosedFormGradientIsAutogradsGradientOfHalfTheSumOfSquares()
    {
        using var scope = NewDisposeScope();
        using var data = TrainingData.SphereRegression(25, 6, seed: 4);
        using var net = new TwoLayerRelu(6, 40);
        net.Initialize(4);
        var (x, y) = (data.Train.Inputs, data.Train.Targets);
        var loss = net.Forward(x).sub(y).pow(Held(2)).sum().div(Held(2));
        var expected = Autograd.Grad(loss, [net.Hidden.Weight])[0];
        var closedForm = DuGradient.Hidden(net, x, y);
        Assert.Equal(0, closedForm.sub(expected).abs().max().item<double>(), 1e-12);
        Assert.True(expected.norm().item<double>() > 0.1, "a gradient worth comparing");
    }
}
