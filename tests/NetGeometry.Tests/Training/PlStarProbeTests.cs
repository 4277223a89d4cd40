using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using NetGeometry.Training.Probes;
using static NetGeometry.Tests.Curvature.CurvatureProblems;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Training;

/// <summary>The ntk, pl and output-hessian probes against direct computations on small networks.</summary>
public class PlStarProbeTests
{
    /// <summary>A 3-6-2 tanh MLP in NTK parameterization (D = 38) on 5 examples with 2 targets.</summary>
    private static (Mlp Network, DataSplit Data) Problem(Activation output = Activation.Identity, long seed = 3)
    {
        var net = new Mlp(3, [6], 2, Activation.Tanh, Parameterization.Ntk, bias: true, outputActivation: output);
        net.Initialize(seed);
        using var g = Seeds.Generator(seed + 100);
        var x = randn(5, 3, generator: g, dtype: float64);
        return (net, new DataSplit(new Dataset("small", x, randn(5, 2, generator: g, dtype: float64), "test"), null));
    }

    private static MemoryRecorder Train(INetwork net, DataSplit data, int steps, string schedule, params string[] probes)
    {
        var recorder = new MemoryRecorder();
        var spec = new TrainingSpec { Optimizer = "gd", LearningRate = 0.5, Loss = "square", Steps = steps, ProbeSchedule = schedule, Probes = probes };
        Assert.Equal(RunStatus.Completed, Trainer.Train(net, data, spec, 0, recorder).Status);
        return recorder;
    }

    private static double At(MemoryRecorder r, long step, string name) => r.Metrics.Single(m => m.Step == step && m.Name == name).Value;

    /// <summary>K = J J^T with J's rows d f_a(x_i) / d theta in the order i o + a (the full kernel's), by autograd row by row.</summary>
    private static Tensor JacobianKernel(INetwork net, Dataset data)
    {
        var j = JacobianRows(net, () => net.Forward(data.Inputs));
        return j.matmul(j.t());
    }

    [Fact]
    public void NtkProbeGivesTheEigenvaluesOfTheFullKernelAndItsDistanceFromInitialization()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Problem();
        using var _ = net;
        var k0 = JacobianKernel(net, data.Train);
        using var recorder = Train(net, data, 20, "every:10", "ntk");
        var kT = JacobianKernel(net, data.Train);
        var eigenvalues = linalg.eigvalsh(kT).data<double>().ToArray();
        Assert.Equal(10, eigenvalues.Length); // n o = 5 x 2: the full kernel, not the traced one
        Assert.Equal(eigenvalues[0], At(recorder, 20, "ntk_lambda_min"), 1e-10);
        Assert.Equal(eigenvalues[^1], At(recorder, 20, "ntk_lambda_max"), 1e-10);
        double change = kT.sub(k0).norm().item<double>() / k0.norm().item<double>();
        Assert.True(change > 1e-3, $"the kernel moved ({change})");
        Assert.Equal(change, At(recorder, 20, "ntk_change"), 1e-10);
        Assert.Equal(0, At(recorder, 0, "ntk_change"));
    }

    [Fact]
    public void PlRatioIsTheSquaredGradientOverTheLossAndSitsBetweenTheKernelBounds()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Problem();
        using var _ = net;
        using var recorder = Train(net, data, 12, "every:1", "loss", "ntk", "pl");
        int n = 5;
        foreach (var step in Enumerable.Range(0, 13))
        {
            // ||grad L||^2 = (1/n^2) r^T K r, so 2 lambda_min(K)/n <= ||grad L||^2 / L <= 2 lambda_max(K)/n (PL*).
            double ratio = At(recorder, step, "pl_ratio"), bound = At(recorder, step, "pl_bound");
            Assert.Equal(2 * At(recorder, step, "ntk_lambda_min") / n, bound, 1e-14);
            Assert.True(bound > 0 && ratio >= bound, $"step {step}: PL ratio {ratio} >= 2 lambda_min / n = {bound}");
            Assert.True(ratio <= 2 * At(recorder, step, "ntk_lambda_max") / n * (1 + 1e-12), $"step {step}: {ratio} <= 2 lambda_max / n");
        }
        // At the last step, against the gradient and loss computed here.
        var gradient = LossGradient(net, data.Train, LossKind.Square);
        double loss = Loss.Compute(LossKind.Square, net.Forward(data.Train.Inputs), data.Train.Targets, null).item<double>();
        Assert.Equal(gradient.pow(Held(2)).sum().item<double>() / loss, At(recorder, 12, "pl_ratio"), 1e-12);
        // Every step recorded: the loss ratio is exactly L(t+1)/L(t).
        for (long step = 1; step <= 12; step++)
            Assert.Equal(At(recorder, step, "train_loss") / At(recorder, step - 1, "train_loss"), At(recorder, step, "loss_ratio"), 1e-13);
        Assert.DoesNotContain(recorder.Metrics, m => m.Step == 0 && m.Name == "loss_ratio");
    }

    [Fact]
    public void LossRatioIsThePerStepGeometricMeanBetweenRecordedSteps()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Problem();
        using var _ = net;
        using var recorder = Train(net, data, 12, "every:4", "loss", "pl");
        foreach (var step in new long[] { 4, 8, 12 })
            Assert.Equal(Math.Pow(At(recorder, step, "train_loss") / At(recorder, step - 4, "train_loss"), 0.25), At(recorder, step, "loss_ratio"), 1e-13);
    }

    [Fact]
    public void PlProbeRefusesCrossEntropyAndTheKernelRefusesTooManyRows()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Problem();
        using var _ = net;
        using var initial = net.Snapshot();
        using (var context = new ProbeContext(0, net, data, LossKind.CrossEntropy, initial))
            Assert.Contains("training.loss square", Assert.Throws<InputException>(() => new PlProbe().Measure(context).ToList()).Message);
        long n = ProbeContext.MaxKernelRows / 2 + 1; // n o = MaxKernelRows + 2 rows
        var big = new DataSplit(new Dataset("big", randn(n, 3, dtype: float64), zeros(n, 2, dtype: float64), "test"), null);
        using var bigContext = new ProbeContext(0, net, big, LossKind.Square, initial);
        Assert.Contains("data.train", Assert.Throws<InputException>(() => new NtkProbe().Measure(bigContext).ToList()).Message);
    }

    [Theory]
    [InlineData(Activation.Identity)]
    [InlineData(Activation.Softplus)]
    public void OutputHessianNormIsTheLargestEigenvalueOfTheFiniteDifferenceHessian(Activation output)
    {
        using var scope = NewDisposeScope();
        var (net, data) = Problem(output);
        using var _ = net;
        using var recorder = Train(net, data, 0, "end", "output-hessian");
        using var model = net.AsModel();
        var norms = Enumerable.Range(0, OutputHessianProbe.Inputs).Select(i =>
        {
            var x = data.Train.Inputs.narrow(0, i, 1);
            // d^2 f_1(x_i) / d theta^2 by central differences of the autograd gradient (D = 38 columns).
            var dense = FiniteDifferenceOfGradient(net, () => model.Flatten(Autograd.Grad(net.Forward(x).select(1, 0).sum(), model.Tensors)));
            return linalg.eigvalsh(dense.add(dense.t(), Held(1)).div(Held(2))).abs().max().item<double>();
        }).ToList();
        Assert.Equal(norms.Average(), At(recorder, 0, "output_hessian_norm"), 1e-6 * norms.Average());
        Assert.Equal(norms.Max(), At(recorder, 0, "output_hessian_norm_max"), 1e-6 * norms.Max());
    }

    [Fact]
    public void ANonLinearOutputGivesAModelLinearInItsParametersTheHessianPhiSecondTimesGradientOuterProduct()
    {
        // f = phi(w . x / sqrt(3) + 0.1 b): H = phi''(z) g g^T with g = (x / sqrt(3), 0.1), so ||H|| = |phi''(z)| ||g||^2,
        // phi'' = s (1 - s) for softplus, s the logistic sigmoid (Liu, Zhu & Belkin 2020, Sec. 4).
        using var scope = NewDisposeScope();
        using var net = new Mlp(3, [], 1, Activation.Relu, Parameterization.Ntk, bias: true, outputActivation: Activation.Softplus);
        net.Initialize(1);
        using var g = Seeds.Generator(7);
        var x = randn(4, 3, generator: g, dtype: float64);
        var data = new DataSplit(new Dataset("linear", x, zeros(4, 1, dtype: float64), "test"), null);
        using var recorder = Train(net, data, 0, "end", "output-hessian");
        var z = net.Layers[0] is DenseLayer layer ? layer.call(x).reshape(-1) : throw new InvalidOperationException();
        var s = z.sigmoid();
        var expected = s.mul(s.neg().add(Held(1), Held(1))).mul(x.pow(Held(2)).sum(dim: 1).div(Held(3)).add(Held(0.01), Held(1))).data<double>().ToArray();
        Assert.Equal(expected.Average(), At(recorder, 0, "output_hessian_norm"), 1e-10);
        Assert.Equal(expected.Max(), At(recorder, 0, "output_hessian_norm_max"), 1e-10);
    }

    [Fact]
    public void AnOutputActivationIsAnMlpOptionWithoutAnInfiniteWidthKernel()
    {
        using var linear = new NetworkSpec { Model = "mlp", Widths = [8], Activation = "relu", Parameterization = "ntk" }.Build(3, 1);
        using var softplus = new NetworkSpec { Model = "mlp", Widths = [8], Activation = "relu", Parameterization = "ntk", OutputActivation = "softplus" }.Build(3, 1);
        Assert.Equal(Activation.Softplus, ((Mlp)softplus).OutputActivation);
        Assert.NotNull(InfiniteWidthKernel.For(linear));
        Assert.Null(InfiniteWidthKernel.For(softplus));
        Assert.Throws<InputException>(() => new NetworkSpec { Model = "two-layer-relu", Widths = [8], OutputActivation = "tanh" }.Build(3, 1));
        Assert.Throws<InputException>(() => new NetworkSpec { Model = "mlp", OutputActivation = "cube" }.Build(3, 1));
    }
}
