using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Networks;

public class SmallCnnTests
{
    private static Tensor Gaussian(params long[] shape)
    {
        using var g = Seeds.Generator(shape.Sum());
        return randn(shape, generator: g, dtype: float64);
    }

    [Fact]
    public void TheCnnHasItsStagesAndDenseLayersAndMapsImagesToClasses()
    {
        using var net = new NetworkSpec { Model = "cnn", Channels = [4, 8, 8], Widths = [16] }.Build(784, 10);
        net.Initialize(1);
        Assert.Equal(["conv1", "bn1", "conv2", "bn2", "conv3", "bn3", "dense1", "output"], net.Layers.Select(l => l.Name));
        Assert.Equal(8 * 3 * 3, ((DenseLayer)net.Layer("dense1")).FanIn); // 28 -> 14 -> 7 -> 3
        using var neurons = ((ConvLayer)net.Layer("conv2")).Neurons();
        Assert.Equal(new long[] { 8, 4 * 9 }, neurons.shape);
        using var x = Gaussian(5, 784);
        using var y = net.Forward(x);
        Assert.Equal(new long[] { 5, 10 }, y.shape);
        Assert.False(net.IsDenseOnly());
    }

    [Fact]
    public void AConvolutionIsItsFlattenedFiltersTimesTheImagePatches()
    {
        // conv2d(x, W) equals, at every position, the filter rows times the (C_in k k) patch unfolded around it.
        var shape = new ConvShape(3, 5, 3, 1);
        using var scope = NewDisposeScope();
        var x = Gaussian(2, 3, 6, 6);
        var filters = Gaussian(5, 27);
        var patches = nn.functional.unfold(x, 3, padding: 1); // 2 x 27 x 36
        var expected = filters.matmul(patches).reshape(2, 5, 6, 6);
        Assert.True(shape.Convolve(x, filters, null).allclose(expected, rtol: 1e-12, atol: 1e-12));
    }

    [Fact]
    public void BatchNormUsesBatchStatisticsOnlyInTrainingMode()
    {
        using var net = new NetworkSpec { Model = "cnn", Channels = [4], Widths = [] }.Build(64, 3);
        net.Initialize(2);
        using var x = Gaussian(6, 64);
        using var first = x.narrow(0, 0, 1);
        using var alone = net.Forward(first);
        using var inBatch = net.Forward(x);
        Assert.True(alone.allclose(inBatch.narrow(0, 0, 1), rtol: 1e-13, atol: 1e-13), "evaluation: each example on its own");
        var bn = (BatchNormLayer)net.Layer("bn1");
        using var meanBefore = bn.RunningMean.clone();
        using var trained = net.TrainingForward(x);
        Assert.False(trained.narrow(0, 0, 1).allclose(alone, rtol: 1e-6, atol: 1e-6), "training: normalized by the batch");
        Assert.False(TensorAssert.Same(meanBefore, bn.RunningMean), "training moves the running mean");
        Assert.False(net.TrainingMode);
        Assert.DoesNotContain(bn.RunningMean, net.TrainableParameters());
    }

    [Fact]
    public void TheCnnStandardAndOptTrainsOnRealFashionMnistAndLowersItsLoss()
    {
        using var data = FashionMnist.Load(FashionMnist.DefaultDirectory, trainCount: 256, testCount: 128);
        foreach (var opt in new string?[] { null, "cp" })
        {
            using var net = new NetworkSpec { Model = "cnn", Channels = [4, 8], Widths = [], Opt = opt }.Build(784, 10);
            net.Initialize(3);
            using var recorder = new MemoryRecorder();
            var result = Trainer.Train(net, data, new TrainingSpec
            {
                Optimizer = "adam", LearningRate = 0.02, Steps = 30, BatchSize = 32, ProbeSchedule = "end",
                Probes = ["loss", "accuracy", "energy"],
            }, seed: 3, recorder);
            var loss = recorder.Series("train_loss").ToList();
            Assert.Equal(RunStatus.Completed, result.Status);
            Assert.True(loss[^1].Value < 0.5 * loss[0].Value, $"{opt ?? "standard"}: train loss {loss[0].Value} -> {loss[^1].Value}");
            Assert.True(result.Final["test_accuracy"] > 0.55, $"{opt ?? "standard"}: test accuracy {result.Final["test_accuracy"]}");
            var conv2 = recorder.Series("energy_s1", "conv2").Select(m => m.Value).ToList();
            double drift = Math.Abs(conv2[^1] / conv2[0] - 1);
            if (opt is null) Assert.True(drift > 1e-4, $"standard conv2 energy drift {drift:E2}");
            else Assert.True(drift < 1e-9, $"OPT conv2 energy drift {drift:E2}");
        }
    }
}
