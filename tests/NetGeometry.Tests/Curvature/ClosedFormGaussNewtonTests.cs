using NetGeometry.Curvature;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using static NetGeometry.Tests.Curvature.CurvatureProblems;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>
/// The closed-form Gauss-Newton product (linear layers' inputs and backward signals, no double backward) against the
/// autograd product (Townsend's double backward for J v) on random vectors, and against the dense J^T H_L J formed from
/// the outputs' explicit Jacobian and H_L written out: NTK-parameterized bias-free and standard MLPs with biases, a user's
/// Sequential, a frozen layer and an unmeasured bias; models that do not qualify take the autograd product under Auto and
/// are refused by ClosedForm.
/// </summary>
public class ClosedFormGaussNewtonTests
{
    private const double Tolerance = 1e-10;

    [Fact]
    public void BiasFreeNtkMlpWithSquareLossAgrees()
    {
        using var scope = NewDisposeScope();
        using var net = new Mlp(5, new[] { 8, 8 }, 1, Activation.Relu, Parameterization.Ntk, bias: false);
        net.Initialize(1);
        using var model = net.AsModel();
        var (x, y) = Data(12, 5, 1, seed: 2);
        AgreeEverywhere(model, ModelLoss.Square, new[] { new Batch(x, y) }, Square(12, 1));
    }

    [Fact]
    public void StandardMlpWithBiasesAndTenClassCrossEntropyOverBatchesAgrees()
    {
        using var scope = NewDisposeScope();
        using var net = new Mlp(4, new[] { 6 }, 10, Activation.Tanh, Parameterization.Standard, bias: true);
        net.Initialize(3);
        using var model = net.AsModel();
        var (x, _) = Data(12, 4, 1, seed: 4);
        var labels = tensor(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3, 7 });
        AgreeEverywhere(model, ModelLoss.CrossEntropy, Batch.Split(x, labels, 5), CrossEntropy(model, x));
    }

    [Fact]
    public void SequentialOfLinearAndTanhWithACustomLossAgrees()
    {
        using var scope = NewDisposeScope();
        var module = nn.Sequential(("0", nn.Linear(3, 5)), ("1", nn.Tanh()), ("2", nn.Linear(5, 2)));
        using var model = Model.FromModule(module);
        Randomize(model, seed: 5);
        var (x, y) = Data(9, 3, 2, seed: 6);
        var sumSquare = ModelLoss.Custom((f, t) => f.sub(t).pow(Held(2)).sum().mul(Held(0.5)), LossReduction.Sum, "sum-square");
        AgreeEverywhere(model, sumSquare, Batch.Split(x, y, 4), eye(18, dtype: float64));
    }

    [Fact]
    public void FrozenLayerAndUnmeasuredBiasKeepTheirPlaceInTheForwardPass()
    {
        using var scope = NewDisposeScope();
        var module = nn.Sequential(("0", nn.Linear(3, 6)), ("1", nn.Tanh()), ("2", nn.Linear(6, 6)), ("3", nn.Tanh()), ("4", nn.Linear(6, 2)));
        using (var g = Seeds.Generator(7))
        using (no_grad())
            foreach (var p in module.parameters()) p.normal_(0, 0.7, generator: g);
        foreach (var p in module.named_parameters().Where(p => p.name.StartsWith("2."))) p.parameter.requires_grad_(false);
        using var model = Model.FromModule(module, new[] { "0.weight", "4" });
        Assert.Equal(new[] { "0.weight", "4.weight", "4.bias" }, model.Parameters.Select(p => p.Name));
        var (x, y) = Data(8, 3, 2, seed: 8);
        AgreeEverywhere(model, ModelLoss.Square, new[] { new Batch(x, y) }, Square(8, 2));
    }

    [Fact]
    public void ConvolutionalNetTakesTheAutogradProductUnderAutoAndIsRefusedInClosedForm()
    {
        using var scope = NewDisposeScope();
        var module = nn.Sequential(("conv", nn.Conv2d(1, 2, 2)), ("act", nn.Tanh()), ("flat", nn.Flatten()), ("fc", nn.Linear(18, 3)));
        using var model = Model.FromModule(module);
        Randomize(model, seed: 9);
        using var g = Seeds.Generator(10);
        var x = randn(6, 1, 4, 4, generator: g, dtype: float64);
        var y = randn(6, 3, generator: g, dtype: float64);
        AutoIsAutogradAndClosedFormRefuses(model, new Batch(x, y), "not a linear layer");
    }

    [Fact]
    public void LinearLayerAppliedTwiceTakesTheAutogradProductUnderAutoAndIsRefusedInClosedForm()
    {
        using var scope = NewDisposeScope();
        using var model = Model.FromModule(new Twice());
        var (x, y) = Data(5, 4, 1, seed: 11);
        AutoIsAutogradAndClosedFormRefuses(model, new Batch(x, y), "ran 2 times");
    }

    /// <summary>
    /// Closed form, autograd and auto agree on three random vectors, and the closed form's dense matrix is
    /// J^T H_L J with J the outputs' explicit Jacobian on all examples (rows example by example, outputs within) and the
    /// given dense H_L.
    /// </summary>
    private static void AgreeEverywhere(Model model, ModelLoss loss, IReadOnlyList<Batch> batches, Tensor lossHessian)
    {
        using var closed = new GaussNewton(model, loss, batches, GaussNewtonMethod.ClosedForm);
        using var autograd = new GaussNewton(model, loss, batches, GaussNewtonMethod.Autograd);
        using var auto = new GaussNewton(model, loss, batches);
        using var g = Seeds.Generator(12);
        for (int r = 0; r < 3; r++)
        {
            var v = randn(model.Dimension, generator: g, dtype: float64);
            var expected = autograd.Apply(v);
            Assert.True(RelativeError(closed.Apply(v), expected) < Tolerance, $"closed form vs autograd, vector {r}: {RelativeError(closed.Apply(v), expected)}");
            Assert.True(RelativeError(auto.Apply(v), expected) < Tolerance, $"auto vs autograd, vector {r}");
        }
        var inputs = cat(batches.Select(b => b.Inputs).ToList(), 0);
        var j = JacobianRows(model, () => model.Forward(inputs));
        var dense = j.T.matmul(lossHessian).matmul(j);
        double error = RelativeError(Dense(closed), dense);
        Assert.True(error < Tolerance, $"closed form vs dense J^T H_L J: {error}");
    }

    private static void AutoIsAutogradAndClosedFormRefuses(Model model, Batch batch, string reason)
    {
        using var auto = new GaussNewton(model, ModelLoss.Square, new[] { batch });
        using var autograd = new GaussNewton(model, ModelLoss.Square, new[] { batch }, GaussNewtonMethod.Autograd);
        using var g = Seeds.Generator(13);
        var v = randn(model.Dimension, generator: g, dtype: float64);
        Assert.True(RelativeError(auto.Apply(v), autograd.Apply(v)) < 1e-12);
        var e = Assert.Throws<InputException>(() => new GaussNewton(model, ModelLoss.Square, new[] { batch }, GaussNewtonMethod.ClosedForm));
        Assert.Contains(reason, e.Message);
    }

    /// <summary>H_L of the mean square loss 1/(2n) sum_i ||f_i - y_i||^2 of n examples with o outputs each: I / n.</summary>
    private static Tensor Square(long n, long o) => eye(n * o, dtype: float64).div(Held(n));

    /// <summary>H_L of the mean softmax cross-entropy: blockdiag(diag(p_i) - p_i p_i^T) / n.</summary>
    private static Tensor CrossEntropy(Model model, Tensor x)
    {
        var outputs = model.Forward(x).detach();
        long n = outputs.shape[0];
        return block_diag(Enumerable.Range(0, (int)n).Select(i =>
        {
            var p = nn.functional.softmax(outputs[i], 0);
            return diag(p).sub(outer(p, p)).div(Held(n));
        }).ToArray());
    }

    private static (Tensor X, Tensor Y) Data(long n, long d, long o, long seed)
    {
        using var g = Seeds.Generator(seed);
        return (randn(n, d, generator: g, dtype: float64), randn(n, o, generator: g, dtype: float64));
    }

    private static void Randomize(Model model, long seed)
    {
        using var g = Seeds.Generator(seed);
        using (no_grad())
            foreach (var p in model.Tensors) p.copy_(randn(p.shape, generator: g, dtype: float64).mul(Held(0.6)));
    }

    /// <summary>A module that applies its one linear layer twice (weight sharing): the closed form does not hold.</summary>
    private sealed class Twice : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Linear layer = nn.Linear(4, 4);

        public Twice() : base("twice") => RegisterComponents();

        public override Tensor forward(Tensor x) => layer.call(layer.call(x).tanh()).sum(1, keepdim: true);
    }
}
