using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static NetGeometry.Tests.Curvature.CurvatureProblems;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>
/// The curvature operators over a sequence of batches (7 examples in batches of 3, 3 and 1) against the same operators
/// on the data as one batch (the build-once path): products, Jacobian products, gradient and estimators agree.
/// </summary>
public class BatchedOperatorTests
{
    private const double Tolerance = 1e-10;

    public static TheoryData<LossKind> Losses => new() { LossKind.Square, LossKind.CrossEntropy };

    public static TheoryData<CurvatureMatrix, LossKind> Matrices()
    {
        var data = new TheoryData<CurvatureMatrix, LossKind>();
        foreach (var matrix in Enum.GetValues<CurvatureMatrix>())
            foreach (var loss in new[] { LossKind.Square, LossKind.CrossEntropy })
                data.Add(matrix, loss);
        return data;
    }

    [Theory, MemberData(nameof(Matrices))]
    public void ProductsOverBatchesOfUnequalSizesMatchOneBatch(CurvatureMatrix matrix, LossKind loss)
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Seven(Activation.Tanh, loss, seed: 3);
        var (net, data) = (problem.Network, problem.Data);
        var batches = data.Batches(3);
        Assert.Equal(new long[] { 3, 3, 1 }, batches.Select(b => b.Count));
        using var whole = matrix.Create(net, data, loss);
        using var batched = matrix.Create(net, batches, loss);
        using var generated = matrix.Create(net, Generate(data, 3), loss);
        using var g = Seeds.Generator(11);
        for (int probe = 0; probe < 3; probe++)
        {
            var v = randn(whole.Dimension, generator: g, dtype: float64);
            var expected = whole.Apply(v);
            AssertClose(batched.Apply(v), expected, $"{matrix} {loss}, list of batches");
            AssertClose(generated.Apply(v), expected, $"{matrix} {loss}, generated batches");
        }
    }

    [Theory, MemberData(nameof(Matrices))]
    public void KeptBatchGraphsGiveTheVeryProductsOfRebuiltOnes(CurvatureMatrix matrix, LossKind loss)
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Seven(Activation.Tanh, loss, seed: 5);
        var (net, data) = (problem.Network, problem.Data);
        var batches = data.Batches(3);
        using var rebuilt = matrix.Create(net, batches, loss);
        using var keeping = matrix.Create(net, batches, loss);
        using var generated = matrix.Create(net, Generate(data, 3), loss);
        keeping.GraphMemory = 1e9;
        generated.GraphMemory = 1e9;
        using var g = Seeds.Generator(12);
        for (int probe = 0; probe < 3; probe++)
        {
            var v = randn(rebuilt.Dimension, generator: g, dtype: float64);
            var expected = rebuilt.Apply(v);
            Assert.True(Same(keeping.Apply(v), expected), $"{matrix} {loss}, product {probe}: kept graphs differ from rebuilt ones");
            Assert.True(Same(generated.Apply(v), expected), $"{matrix} {loss}, product {probe}: a generator's batches");
            using var block = randn(rebuilt.Dimension, 2, generator: g, dtype: float64);
            Assert.True(Same(keeping.ApplyBlock(block), rebuilt.ApplyBlock(block)), $"{matrix} {loss}, block {probe}");
        }
        Assert.Equal(0, rebuilt.KeptGraphs);
        Assert.Equal(3, keeping.KeptGraphs);
        Assert.Equal(0, generated.KeptGraphs);
        Assert.Equal(1, matrix.Create(net, data, loss).KeptGraphs);
        Assert.Throws<InputException>(() => keeping.GraphMemory = -1);
    }

    /// <summary>Equal to the last bit, shape included.</summary>
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Theory, MemberData(nameof(Losses))]
    public void JacobianAndItsTransposeOverBatchesMatchOneGraph(LossKind loss)
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Seven(Activation.Softplus, loss, seed: 4);
        var (net, data) = (problem.Network, problem.Data);
        using var model = net.AsModel();
        using var whole = new Jacobian(model, new[] { new Batch(data.Inputs, data.Targets) });
        using var batched = new Jacobian(model, Batch.Split(data.Inputs, data.Targets, 3));
        using var g = Seeds.Generator(12);
        var v = randn(model.Dimension, generator: g, dtype: float64);
        var u = randn(7, 2, generator: g, dtype: float64);
        var jv = batched.Times(v);
        Assert.Equal(new long[] { 7, 2 }, jv.shape);
        AssertClose(jv, whole.Times(v), "J v");
        AssertClose(batched.TransposeTimes(u), whole.TransposeTimes(u), "J^T u");
        // Against the Jacobian's rows, formed one backward pass per entry.
        var rows = JacobianRows(net, () => net.Forward(data.Inputs));
        AssertClose(jv.reshape(-1), rows.matmul(v), "J v against the rows");
        Assert.Throws<ArgumentException>(() => batched.TransposeTimes(randn(6, 2, dtype: float64)));
        Assert.Throws<ArgumentException>(() => batched.TransposeTimes(randn(8, 2, dtype: float64)));
    }

    [Theory, MemberData(nameof(Losses))]
    public void LanczosAndHutchPlusPlusAgreeOverBatches(LossKind loss)
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Seven(Activation.Relu, loss, seed: 6);
        var (net, data) = (problem.Network, problem.Data);
        using var whole = CurvatureMatrix.LossHessian.Create(net, data, loss);
        using var batched = CurvatureMatrix.LossHessian.Create(net, data.Batches(3), loss);
        using var top = Lanczos.Eigenpairs(whole, 1, SpectrumEnd.Largest, tolerance: 1e-10);
        using var batchedTop = Lanczos.Eigenpairs(batched, 1, SpectrumEnd.Largest, tolerance: 1e-10);
        Assert.True(top.Converged && batchedTop.Converged);
        Assert.True(Math.Abs(batchedTop.Values[0] - top.Values[0]) <= Tolerance * Math.Abs(top.Values[0]),
            $"top eigenvalue: batched {batchedTop.Values[0]}, one batch {top.Values[0]}");
        var trace = HutchPlusPlus.Estimate(whole, 30, seed: 7);
        var batchedTrace = HutchPlusPlus.Estimate(batched, 30, seed: 7);
        Assert.True(Math.Abs(batchedTrace.Value - trace.Value) <= Tolerance * Math.Abs(trace.Value),
            $"Hutch++ trace: batched {batchedTrace.Value}, one batch {trace.Value}");
    }

    [Fact]
    public void BadBatchesAreInputErrorsBeforeAnyGraph()
    {
        using var scope = NewDisposeScope();
        using var problem = Problem.Seven(Activation.Tanh, LossKind.Square);
        var (net, data) = (problem.Network, problem.Data);
        Assert.Throws<InputException>(() => CurvatureMatrix.LossHessian.Create(net, Array.Empty<Dataset>(), LossKind.Square));
        using var empty = CurvatureMatrix.LossHessian.Create(net, Generate(data, 3).Where(_ => false), LossKind.Square);
        Assert.Throws<InputException>(() => empty.Apply(zeros(empty.Dimension, dtype: float64)));
        var wrong = new Dataset("wrong", randn(2, 4, dtype: float64), randn(2, 2, dtype: float64), "test");
        Assert.Throws<InputException>(() => CurvatureMatrix.GaussNewton.Create(net, new[] { data, wrong }, LossKind.Square));
        using var fisher = CurvatureMatrix.EmpiricalFisher.Create(net, Generate(data, 3).Append(wrong), LossKind.Square);
        Assert.Throws<InputException>(() => fisher.Apply(zeros(fisher.Dimension, dtype: float64)));
    }

    /// <summary>The small MLP of <see cref="CurvatureProblems.Small"/> on 7 examples: batches of 3 leave one of 1.</summary>
    private sealed record Problem(INetwork Network, Dataset Data) : IDisposable
    {
        public static Problem Seven(Activation activation, LossKind loss, long seed = 0)
        {
            var (network, data) = Small(activation, loss, seed, examples: 7);
            return new Problem(network, data);
        }

        public void Dispose() => Network.Dispose();
    }

    /// <summary>Batches made one at a time by a generator (not a collection), as a loader reading from disk would.</summary>
    private static IEnumerable<Dataset> Generate(Dataset data, long size)
    {
        for (long start = 0; start < data.Count; start += size)
            yield return data.Rows(start, Math.Min(size, data.Count - start));
    }

    private static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        double error = RelativeError(actual, expected);
        Assert.True(error < Tolerance, $"{what}: relative error {error}");
    }
}
