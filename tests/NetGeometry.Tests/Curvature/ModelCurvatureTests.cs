using NetGeometry.Curvature;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static NetGeometry.Tests.Curvature.CurvatureProblems;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>
/// The curvature operators on (Model, ModelLoss, batches), for a Sequential a user wrote (Conv2d-Tanh-Flatten-Linear on
/// 1 x 4 x 4 images) and for a built-in network through <see cref="NetworkExtensions.AsModel"/>, against dense matrices
/// built independently with plain autograd on all examples at once: the Hessian from the rows of the gradient's
/// Jacobian, the Gauss-Newton matrix as J^T H_L J from the outputs' explicit Jacobian and H_L written out, the Fisher
/// from per-example gradients each computed on its example alone. Products over batches of 3, 3 and 1 (a list and a
/// generator) and over one batch, for mean and sum reductions; custom losses against the built-in ones.
/// </summary>
public class ModelCurvatureTests
{
    private const double Tolerance = 1e-10;
    private const int Examples = 7;

    public static TheoryData<string, string, CurvatureMatrix> Cases()
    {
        var cases = new TheoryData<string, string, CurvatureMatrix>();
        foreach (var model in new[] { "sequential", "built-in" })
            foreach (var loss in new[] { "square", "cross-entropy", "sum-square" })
                foreach (var matrix in Enum.GetValues<CurvatureMatrix>())
                    cases.Add(model, loss, matrix);
        return cases;
    }

    [Theory, MemberData(nameof(Cases))]
    public void ProductsOverBatchesAndOneBatchAgreeWithTheDenseMatrix(string which, string lossName, CurvatureMatrix matrix)
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Of(which);
        var (loss, targets) = problem.Loss(lossName);
        var reference = matrix switch
        {
            CurvatureMatrix.LossHessian => DenseHessian(problem.Model, loss, problem.Inputs, targets),
            CurvatureMatrix.GaussNewton => DenseGaussNewton(problem.Model, lossName, problem.Inputs),
            _ => DenseFisher(problem.Model, loss, problem.Inputs, targets),
        };
        using var one = matrix.Create(problem.Model, loss, new[] { new Batch(problem.Inputs, targets) });
        using var batched = matrix.Create(problem.Model, loss, Batch.Split(problem.Inputs, targets, 3));
        using var generated = matrix.Create(problem.Model, loss, Generate(problem.Inputs, targets, 3));
        foreach (var (what, op) in new[] { ("one batch", one), ("batches of 3, 3, 1", batched), ("generated batches", generated) })
        {
            double error = RelativeError(Dense(op), reference);
            Assert.True(error < Tolerance, $"{which} {lossName} {matrix}, {what}: relative error {error}");
        }
    }

    [Theory]
    [InlineData("sequential")]
    [InlineData("built-in")]
    public void CustomLossesGiveTheBuiltInLossesCurvature(string which)
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Of(which);
        // The same functions as the built-in losses, but custom: GGN's H_L by double backward, Fisher's per-example losses one example at a time.
        var square = ModelLoss.Custom((f, y) => f.sub(y).pow(Held(2)).sum().div(Held(2.0 * f.shape[0])), LossReduction.Mean, "my square");
        var crossEntropy = ModelLoss.Custom((f, c) => nn.functional.cross_entropy(f, c), LossReduction.Mean, "my cross-entropy");
        using var g = Seeds.Generator(21);
        foreach (var (custom, builtIn, targets) in new[] { (square, ModelLoss.Square, problem.Targets), (crossEntropy, ModelLoss.CrossEntropy, problem.Labels) })
            foreach (var matrix in Enum.GetValues<CurvatureMatrix>())
            {
                var batches = Batch.Split(problem.Inputs, targets, 3);
                using var mine = matrix.Create(problem.Model, custom, batches);
                using var theirs = matrix.Create(problem.Model, builtIn, batches);
                var v = randn(mine.Dimension, generator: g, dtype: float64);
                double error = RelativeError(mine.Apply(v), theirs.Apply(v));
                Assert.True(error < 1e-12, $"{which} {custom.Name} {matrix}: relative error {error}");
            }
    }

    [Theory]
    [InlineData("sequential")]
    [InlineData("built-in")]
    public void PerExampleLossesReduceToTheBatchLoss(string which)
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Of(which);
        var outputs = problem.Model.Forward(problem.Inputs);
        foreach (var lossName in new[] { "square", "cross-entropy", "sum-square" })
        {
            var (loss, targets) = problem.Loss(lossName);
            var terms = loss.PerExample(outputs, targets);
            Assert.Equal(new long[] { Examples }, terms.shape);
            double reduced = (loss.Reduction == LossReduction.Mean ? terms.mean() : terms.sum()).item<double>();
            Assert.Equal(loss.Compute(outputs, targets).item<double>(), reduced, 1e-13);
            // Each term is the loss of its example alone.
            Assert.Equal(loss.Compute(outputs.narrow(0, 4, 1), targets.narrow(0, 4, 1)).item<double>(), terms[4].item<double>(), 1e-13);
        }
    }

    [Theory]
    [InlineData("sequential")]
    [InlineData("built-in")]
    public void JacobianProductsAreTheExplicitJacobiansAndAdjoint(string which)
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Of(which);
        var model = problem.Model;
        var explicitJacobian = JacobianRows(model, () => model.Forward(problem.Inputs));   // (n o) x D, example by example
        using var one = new Jacobian(model, new[] { new Batch(problem.Inputs, problem.Targets) });
        using var batched = new Jacobian(model, Batch.Split(problem.Inputs, problem.Targets, 3));
        using var g = Seeds.Generator(22);
        var v = randn(model.Dimension, generator: g, dtype: float64);
        var u = randn(Examples, problem.Outputs, generator: g, dtype: float64);
        foreach (var (what, jacobian) in new[] { ("one batch", one), ("batches", batched) })
        {
            var jv = jacobian.Times(v);
            var jtu = jacobian.TransposeTimes(u);
            Assert.Equal(new long[] { Examples, problem.Outputs }, jv.shape);
            Assert.True(RelativeError(jv.reshape(-1), explicitJacobian.matmul(v)) < 1e-12, $"{what}: J v");
            Assert.True(RelativeError(jtu, explicitJacobian.T.matmul(u.reshape(-1))) < 1e-12, $"{what}: J^T u");
            double left = jv.mul(u).sum().item<double>(), right = v.dot(jtu).item<double>();
            Assert.True(Math.Abs(left - right) <= 1e-12 * Math.Abs(left), $"{what}: <J v, u> = {left}, <v, J^T u> = {right}");
        }
        Assert.Throws<ArgumentException>(() => batched.TransposeTimes(randn(Examples - 1, problem.Outputs, dtype: float64)));
        Assert.Throws<ArgumentException>(() => batched.TransposeTimes(randn(Examples + 1, problem.Outputs, dtype: float64)));
        Assert.Throws<ArgumentException>(() => batched.Times(randn(model.Dimension + 1, dtype: float64)));
    }

    [Theory]
    [InlineData("sequential", CurvatureMatrix.LossHessian)]
    [InlineData("sequential", CurvatureMatrix.GaussNewton)]
    [InlineData("built-in", CurvatureMatrix.EmpiricalFisher)]
    public void LayerBlocksAreSubBlocksOfTheDenseMatrix(string which, CurvatureMatrix matrix)
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Of(which);
        var model = problem.Model;
        using var op = matrix.Create(model, ModelLoss.CrossEntropy, Batch.Split(problem.Inputs, problem.Labels, 3));
        var dense = matrix == CurvatureMatrix.GaussNewton
            ? DenseGaussNewton(model, "cross-entropy", problem.Inputs)
            : matrix == CurvatureMatrix.LossHessian
                ? DenseHessian(model, ModelLoss.CrossEntropy, problem.Inputs, problem.Labels)
                : DenseFisher(model, ModelLoss.CrossEntropy, problem.Inputs, problem.Labels);
        Assert.Equal(problem.LayerNames, model.Layers.Select(l => l.Name));
        foreach (var layer in model.Layers)
        {
            var block = BlockRestriction.ToLayer(op, model, layer.Name);
            Assert.Equal(layer.Length, block.Dimension);
            var expected = dense.narrow(0, layer.Offset, layer.Length).narrow(1, layer.Offset, layer.Length);
            double error = RelativeError(Dense(block), expected);
            Assert.True(error < Tolerance, $"{layer.Name}: relative error {error}");
        }
        Assert.Throws<InputException>(() => BlockRestriction.ToLayer(op, model, "nowhere"));
    }

    [Fact]
    public void OutputHessianOfAModelIsTheHessianOfTheWeightedOutputSum()
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Of("sequential");
        var model = problem.Model;
        using var g = Seeds.Generator(23);
        var weights = randn(Examples, problem.Outputs, generator: g, dtype: float64);
        using var hessian = OutputHessian.Create(model, problem.Inputs, weights);
        var reference = JacobianRows(model, () =>
            model.Flatten(Autograd.Grad(model.Forward(problem.Inputs).mul(weights).sum(), model.Tensors, createGraph: true)));
        double error = RelativeError(Dense(hessian), reference);
        Assert.True(error < Tolerance, $"relative error {error}");
        Assert.Throws<InputException>(() => OutputHessian.Create(model, problem.Inputs, weights.narrow(1, 0, 2)));
    }

    [Fact]
    public void BadTargetsAndVectorsAreCaughtBeforeAutograd()
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Of("sequential");
        var model = problem.Model;
        foreach (var matrix in Enum.GetValues<CurvatureMatrix>())
        {
            Assert.Throws<InputException>(() => matrix.Create(model, ModelLoss.Square, new[] { new Batch(problem.Inputs, problem.Targets.narrow(1, 0, 2)) }));
            Assert.Throws<InputException>(() => matrix.Create(model, ModelLoss.CrossEntropy, new[] { new Batch(problem.Inputs, problem.Labels.add(Held(3), Held(1))) }));
            Assert.Throws<InputException>(() => matrix.Create(model, ModelLoss.Square, new[] { new Batch(problem.Inputs, problem.Targets.narrow(0, 0, 5)) }));
            Assert.Throws<InputException>(() => matrix.Create(model, ModelLoss.Square, Array.Empty<Batch>()));
            using var op = matrix.Create(model, ModelLoss.Square, Batch.Split(problem.Inputs, problem.Targets, 3));
            Assert.Throws<ArgumentException>(() => op.Apply(randn(model.Dimension - 1, dtype: float64)));
            Assert.Throws<ArgumentException>(() => op.Apply(randn(model.Dimension, dtype: float32)));
        }
    }

    /// <summary>H by rows: the Jacobian of the gradient (kept with its graph) of the loss on all examples at once.</summary>
    private static Tensor DenseHessian(Model model, ModelLoss loss, Tensor inputs, Tensor targets) =>
        JacobianRows(model, () => model.Flatten(Autograd.Grad(loss.Compute(model.Forward(inputs), targets), model.Tensors, createGraph: true)));

    /// <summary>G = J^T H_L J with J the outputs' explicit Jacobian and H_L written out for each loss.</summary>
    private static Tensor DenseGaussNewton(Model model, string lossName, Tensor inputs)
    {
        var j = JacobianRows(model, () => model.Forward(inputs));   // (n o) x D, example by example
        var outputs = model.Forward(inputs).detach();
        long n = outputs.shape[0], o = outputs.shape[1];
        var lossHessian = lossName switch
        {
            "square" => eye(n * o, dtype: float64).div(Held(n)),                // (1/2n) sum ||f - y||^2
            "sum-square" => eye(n * o, dtype: float64),                   // (1/2) sum ||f - y||^2
            _ => block_diag(Enumerable.Range(0, (int)n).Select(i =>      // mean cross-entropy: diag(p) - p p^T per example
            {
                var p = nn.functional.softmax(outputs[i], 0);
                return diag(p).sub(outer(p, p)).div(Held(n));
            }).ToArray()),
        };
        return j.T.matmul(lossHessian).matmul(j);
    }

    /// <summary>F = c G^T G, row i of G the gradient of example i's loss computed on that example alone; c = 1/n for a mean loss, 1 for a sum.</summary>
    private static Tensor DenseFisher(Model model, ModelLoss loss, Tensor inputs, Tensor targets)
    {
        var gradients = JacobianRows(model, () => stack(Enumerable.Range(0, (int)inputs.shape[0])
            .Select(i => loss.Compute(model.Forward(inputs.narrow(0, i, 1)), targets.narrow(0, i, 1))), 0));
        var fisher = gradients.T.matmul(gradients);
        return loss.Reduction == LossReduction.Mean ? fisher.div(Held(inputs.shape[0])) : fisher;
    }

    /// <summary>Batches made one at a time by a generator (not a collection), as a loader reading from disk would.</summary>
    private static IEnumerable<Batch> Generate(Tensor inputs, Tensor targets, long size)
    {
        for (long start = 0; start < inputs.shape[0]; start += size)
        {
            long count = Math.Min(size, inputs.shape[0] - start);
            yield return new Batch(inputs.narrow(0, start, count), targets.narrow(0, start, count));
        }
    }

    /// <summary>A model on 7 examples with square targets (n x outputs) and class labels (one class per output).</summary>
    private sealed class Problem : IDisposable
    {
        private readonly IDisposable module;

        private Problem(IDisposable module, Model model, Tensor inputs, string[] layerNames)
        {
            this.module = module;
            Model = model;
            Inputs = inputs;
            LayerNames = layerNames;
            Outputs = model.Forward(inputs).shape[1];
            using var g = Seeds.Generator(31);
            Targets = randn(Examples, Outputs, generator: g, dtype: float64);
            Labels = tensor(new long[] { 0, 1, 2, 0, 1, 2, 1 }).remainder(Held(Outputs));
        }

        public Model Model { get; }
        public Tensor Inputs { get; }
        public Tensor Targets { get; }
        public Tensor Labels { get; }
        public long Outputs { get; }
        public string[] LayerNames { get; }

        /// <summary>
        /// "sequential": Conv2d(1, 2, 2)-Tanh-Flatten-Linear(18, 3) on 1 x 4 x 4 images (D = 67), weights N(0, 1/4) from a
        /// seeded generator; "built-in": the 3-5-4-2 tanh MLP of <see cref="CurvatureProblems.Small"/> (D = 54) as its model.
        /// </summary>
        public static Problem Of(string which)
        {
            using var g = Seeds.Generator(30);
            if (which == "built-in")
            {
                var (net, data) = Small(Activation.Tanh, LossKind.Square, seed: 2, examples: Examples);
                return new Problem(net, net.AsModel(), data.Inputs, ["layer1", "layer2", "layer3"]);
            }
            var module = nn.Sequential(("conv", nn.Conv2d(1, 2, 2)), ("act", nn.Tanh()), ("flat", nn.Flatten()), ("fc", nn.Linear(18, 3)));
            var model = Model.FromModule(module);
            using (no_grad())
                foreach (var p in model.Tensors) p.copy_(randn(p.shape, generator: g, dtype: float64).mul(Held(0.5)));
            return new Problem(module, model, randn(Examples, 1, 4, 4, generator: g, dtype: float64), ["conv", "fc"]);
        }

        /// <summary>The loss by name and the targets it takes: square (mean), cross-entropy (labels) or sum-square (custom, reduced by a sum).</summary>
        public (ModelLoss Loss, Tensor Targets) Loss(string name) => name switch
        {
            "square" => (ModelLoss.Square, Targets),
            "cross-entropy" => (ModelLoss.CrossEntropy, Labels),
            _ => (ModelLoss.Custom((f, y) => f.sub(y).pow(Held(2)).sum().mul(Held(0.5)), LossReduction.Sum, "sum-square"), Targets),
        };

        public void Dispose()
        {
            Model.Dispose();
            module.Dispose();
        }
    }
}
