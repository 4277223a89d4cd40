using NetGeometry.Curvature;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static NetGeometry.Tests.Curvature.CurvatureProblems;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>Each curvature operator's products against a dense matrix computed independently.</summary>
public class OperatorTests
{
    [Theory]
    [InlineData(Activation.Tanh, LossKind.Square)]
    [InlineData(Activation.Relu, LossKind.Square)]
    [InlineData(Activation.Softplus, LossKind.CrossEntropy)]
    public void LossHessianMatchesTheRowsOfTheGradientsJacobian(Activation activation, LossKind loss)
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(activation, loss);
        using var _ = net;
        using var hessian = CurvatureMatrix.LossHessian.Create(net, data, loss);
        var reference = JacobianRows(net, () => CurvatureProblems.LossGradientWithGraph(net, data, loss));
        var dense = Dense(hessian);
        Assert.Equal(54, hessian.Dimension);
        Assert.True(RelativeError(dense, reference) < 1e-12, $"relative error {RelativeError(dense, reference)}");
    }

    [Fact]
    public void LossHessianMatchesFiniteDifferencesOfGradients()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, LossKind.Square);
        using var _ = net;
        using var hessian = CurvatureMatrix.LossHessian.Create(net, data, LossKind.Square);
        var dense = Dense(hessian);
        var differences = FiniteDifferenceOfGradient(net, () => LossGradient(net, data, LossKind.Square));
        Assert.True(RelativeError(dense, differences) < 1e-7, $"relative error {RelativeError(dense, differences)}");
    }

    [Fact]
    public void OutputHessianMatchesFiniteDifferencesOfTheOutputGradient()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, LossKind.Square);
        using var _ = net;
        // One input, one output: d^2 f_2(x_4) / d theta^2.
        var x = data.Inputs.narrow(0, 4, 1);
        var weights = tensor(new[] { 0.0, 1.0 }, new long[] { 1, 2 }, float64);
        using var hessian = OutputHessian.Create(net, x, weights);
        var dense = Dense(hessian);
        var model = hessian.Model;
        var differences = FiniteDifferenceOfGradient(net,
            () => model.Flatten(Autograd.Grad(net.Forward(x).select(1, 1).sum(), model.Tensors)));
        Assert.True(RelativeError(dense, differences) < 1e-7, $"relative error {RelativeError(dense, differences)}");
        // The output layer enters f linearly, so its own block of the output Hessian is zero.
        var layer = model.Layer("layer3");
        Assert.Equal(0.0, dense.narrow(0, layer.Offset, layer.Length).narrow(1, layer.Offset, layer.Length).abs().max().item<double>());
    }

    [Fact]
    public void OutputHessianOfAModelLinearInItsParametersIsZero()
    {
        using var scope = NewDisposeScope();
        using var net = new Mlp(3, Array.Empty<int>(), 2, Activation.Relu, Parameterization.Standard, bias: true);
        net.Initialize(1);
        using var hessian = OutputHessian.Create(net, randn(4, 3, dtype: float64));
        Assert.Equal(0.0, Dense(hessian).abs().max().item<double>());
    }

    [Theory]
    [InlineData(LossKind.Square)]
    [InlineData(LossKind.CrossEntropy)]
    public void GaussNewtonIsJTransposeLossHessianJ(LossKind loss)
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, loss);
        using var _ = net;
        var j = JacobianRows(net, () => net.Forward(data.Inputs)); // (n o) x D, rows example by example
        long n = data.Count, o = net.OutputDim;
        Tensor lossHessian; // H_L = d^2 L / d f^2, block diagonal over examples
        if (loss == LossKind.Square) lossHessian = eye(n * o, dtype: float64).div(Held(n));
        else
        {
            var p = nn.functional.softmax(net.Forward(data.Inputs).detach(), 1);
            var blocks = Enumerable.Range(0, (int)n).Select(i => diag(p[i]).sub(outer(p[i], p[i])).div(Held(n))).ToArray();
            lossHessian = block_diag(blocks);
        }
        var reference = j.t().matmul(lossHessian).matmul(j);
        using var ggn = CurvatureMatrix.GaussNewton.Create(net, data, loss);
        var dense = Dense(ggn);
        Assert.True(RelativeError(dense, reference) < 1e-12, $"relative error {RelativeError(dense, reference)}");
    }

    [Theory]
    [InlineData(LossKind.Square)]
    [InlineData(LossKind.CrossEntropy)]
    public void EmpiricalFisherIsTheMeanOuterProductOfPerExampleGradients(LossKind loss)
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Relu, loss);
        using var _ = net;
        // Row i: the gradient of example i's loss, computed on that example alone.
        var g = JacobianRows(net, () => stack(Enumerable.Range(0, (int)data.Count).Select(i =>
        {
            using var example = data.Rows(i, 1);
            return Loss.Compute(loss, net.Forward(example.Inputs), example.Targets, example.Labels);
        }), 0));
        var reference = g.t().matmul(g).div(Held(data.Count));
        using var fisher = CurvatureMatrix.EmpiricalFisher.Create(net, data, loss);
        var dense = Dense(fisher);
        Assert.True(RelativeError(dense, reference) < 1e-12, $"relative error {RelativeError(dense, reference)}");
    }

    [Theory]
    [InlineData("ggn", LossKind.Square)]
    [InlineData("ggn", LossKind.CrossEntropy)]
    [InlineData("fisher", LossKind.Square)]
    [InlineData("fisher", LossKind.CrossEntropy)]
    public void GaussNewtonAndFisherAreSymmetricPositiveSemiDefinite(string kind, LossKind loss)
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Relu, loss, seed: 3);
        using var _ = net;
        using var op = (kind == "ggn" ? CurvatureMatrix.GaussNewton : CurvatureMatrix.EmpiricalFisher).Create(net, data, loss);
        var dense = Dense(op);
        Assert.True(RelativeError(dense.t(), dense) < 1e-12, "symmetric");
        var eigenvalues = linalg.eigvalsh(dense);
        double largest = eigenvalues.max().item<double>(), smallest = eigenvalues.min().item<double>();
        Assert.True(largest > 0);
        Assert.True(smallest >= -1e-12 * largest, $"smallest eigenvalue {smallest}, largest {largest}");
        // The loss Hessian itself is indefinite here: the operators differ by the residual term.
        using var hessian = CurvatureMatrix.LossHessian.Create(net, data, loss);
        Assert.True(linalg.eigvalsh(Dense(hessian)).min().item<double>() < -1e-6 * largest);
    }

    [Theory]
    [InlineData("hessian")]
    [InlineData("ggn")]
    [InlineData("fisher")]
    public void LayerBlocksAreTheBlocksOfTheDenseMatrix(string kind)
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, LossKind.Square);
        using var _ = net;
        using var op = CurvatureMatrices.Parse(kind).Create(net, data, LossKind.Square);
        var dense = Dense(op);
        var model = op.Model;
        Assert.Equal(new[] { "layer1", "layer2", "layer3" }, model.Layers.Select(l => l.Name));
        long covered = 0;
        foreach (var layer in model.Layers)
        {
            var block = BlockRestriction.ToLayer(op, model, layer.Name);
            Assert.Equal(net.Layer(layer.Name).ParameterCount, layer.Length);
            var expected = dense.narrow(0, layer.Offset, layer.Length).narrow(1, layer.Offset, layer.Length);
            Assert.True(RelativeError(Dense(block), expected) < 1e-14, $"{layer.Name}: {RelativeError(Dense(block), expected)}");
            covered += layer.Length;
        }
        Assert.Equal(op.Dimension, covered);
    }

    [Fact]
    public void AFixedLayerIsNotPartOfTheParameterSpace()
    {
        using var scope = NewDisposeScope();
        using var net = new TwoLayerRelu(3, 7); // output signs a fixed, as in Du et al.
        net.Initialize(2);
        using var model = net.AsModel();
        Assert.Equal(new[] { "hidden" }, model.Layers.Select(l => l.Name));
        Assert.Equal(21, model.Dimension);
        var x = randn(5, 3, dtype: float64);
        using var hessian = CurvatureMatrix.LossHessian.Create(net, new NetGeometry.Data.Dataset("d", x, randn(5, 1, dtype: float64), "test"), LossKind.Square);
        Assert.Equal(21, hessian.Dimension);
        var v = randn(21, dtype: float64);
        Assert.Equal(new long[] { 21 }, hessian.Apply(v).shape);
    }

    [Fact]
    public void FlattenAndSplitAreInverse()
    {
        using var scope = NewDisposeScope();
        var (net, _) = Small(Activation.Tanh, LossKind.Square);
        using var __ = net;
        using var model = net.AsModel();
        var v = randn(model.Dimension, dtype: float64);
        var parts = model.Split(v);
        Assert.Equal(model.Parameters.Select(p => p.Shape), parts.Select(p => p.shape));
        Assert.True(TensorAssert.Same(model.Flatten(parts), v));
        Assert.Equal(new[] { "layer1.weight", "layer1.bias", "layer2.weight", "layer2.bias", "layer3.weight", "layer3.bias" },
            model.Parameters.Select(p => p.Name));
        Assert.True(TensorAssert.Same(model.Values().narrow(0, 15, 5), net.Layer("layer1").Parameters[1].Value.detach()));
    }

    [Fact]
    public void BadShapesAreCaughtBeforeAutograd()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, LossKind.Square);
        using var _ = net;
        using var hessian = CurvatureMatrix.LossHessian.Create(net, data, LossKind.Square);
        Assert.Throws<ArgumentException>(() => hessian.Apply(randn(53, dtype: float64)));
        Assert.Throws<ArgumentException>(() => hessian.Apply(randn(54, dtype: float32)));
        using var ggn = CurvatureMatrix.GaussNewton.Create(net, data, LossKind.Square);
        Assert.Throws<ArgumentException>(() => ggn.Apply(randn(55, dtype: float64)));
        var wrongTargets = new NetGeometry.Data.Dataset("w", data.Inputs.alias(), randn(6, 3, dtype: float64), "test");
        Assert.Throws<InputException>(() => CurvatureMatrix.LossHessian.Create(net, wrongTargets, LossKind.Square));
        var noLabels = data;
        Assert.Throws<InputException>(() => CurvatureMatrix.EmpiricalFisher.Create(net, noLabels, LossKind.CrossEntropy));
        Assert.Throws<InputException>(() => BlockRestriction.ToLayer(hessian, hessian.Model, "layer9"));
    }
}
