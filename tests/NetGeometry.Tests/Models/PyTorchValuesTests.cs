using NetGeometry.Curvature;
using NetGeometry.Models;
using static NetGeometry.Tests.Models.PyTorchFixture;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Models;

/// <summary>
/// NetGeometry's values on TorchScript models exported by PyTorch 1.13 against PyTorch's own on the same weights and
/// data (tests/fixtures/pytorch/export.py): loss, gradient, v^T H v, NTK entries, top Hessian eigenvalue, to 1e-8.
/// </summary>
public class PyTorchValuesTests
{
    private const double Tolerance = 1e-8;

    public static TheoryData<string, string> Cases => new()
    {
        { "cnn", "cross-entropy" }, { "cnn", "square" }, { "mlp", "cross-entropy" }, { "mlp", "square" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void LossAndGradientMatchPyTorch(string name, string lossName)
    {
        using var scope = NewDisposeScope();
        var fixture = new PyTorchFixture(name);
        using var model = TorchScriptFile.Load(fixture.TorchScript);
        var loss = ModelLoss.Parse(lossName);
        var batches = fixture.Batches(lossName, 3);
        Assert.True(batches.Count > 1);
        Assert.Equal(fixture.Parameters().Select(p => p.Name), model.Parameters.Select(p => p.Name));
        Assert.Equal(fixture.Parameters().Select(p => p.Shape), model.Parameters.Select(p => p.Shape));

        double value = ModelObjective.Loss(model, loss, batches);
        Assert.True(Relative(value, fixture.Value(lossName, "loss")) < Tolerance, $"loss {value} vs {fixture.Value(lossName, "loss")}");
        var gradient = ModelObjective.Gradient(model, loss, batches);
        double error = Relative(gradient, fixture.Gradient(lossName));
        Assert.True(error < Tolerance, $"gradient relative error {error}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HessianQuadraticFormByDoubleBackwardMatchesPyTorch(string name, string lossName)
    {
        using var scope = NewDisposeScope();
        var (fixture, model, hessian) = Hessian(name, lossName, batchSize: 4);
        using var _ = model;
        var v = fixture.Direction();
        double vHv = v.dot(hessian.Apply(v)).item<double>();
        Assert.True(Relative(vHv, fixture.Value(lossName, "vHv")) < Tolerance, $"v^T H v {vHv} vs {fixture.Value(lossName, "vHv")}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExtremeHessianEigenvaluesByLanczosOverBatchesMatchPyTorchsEigvalsh(string name, string lossName)
    {
        using var scope = NewDisposeScope();
        var (fixture, model, hessian) = Hessian(name, lossName, batchSize: 2);
        using var _ = model;
        using var pairs = Lanczos.Eigenpairs(hessian, 1, SpectrumEnd.Largest, tolerance: 1e-10);
        double expected = fixture.Value(lossName, "top_eigenvalue");
        Assert.True(Relative(pairs.Values[0], expected) < Tolerance, $"top eigenvalue {pairs.Values[0]} vs {expected}");
        using var bottom = Lanczos.Eigenpairs(hessian, 1, SpectrumEnd.Smallest, tolerance: 1e-10);
        expected = fixture.Value(lossName, "bottom_eigenvalue");
        Assert.True(Relative(bottom.Values[0], expected) < Tolerance, $"bottom eigenvalue {bottom.Values[0]} vs {expected}");
    }

    [Theory]
    [InlineData("cnn", "cross-entropy")]
    [InlineData("mlp", "square")]
    public void HutchPlusPlusWithASketchOfTheWholeSpaceGivesPyTorchsHessianTrace(string name, string lossName)
    {
        using var scope = NewDisposeScope();
        var (fixture, model, hessian) = Hessian(name, lossName, batchSize: 4);
        using var _ = model;
        // With m/3 >= D probes the sketch spans the space: tr(Q^T H Q) is the whole trace and the rest is zero.
        var estimate = HutchPlusPlus.Estimate(hessian, products: 3 * (int)model.Dimension + 6);
        double expected = fixture.Value(lossName, "trace");
        Assert.True(Relative(estimate.Value, expected) < Tolerance, $"trace {estimate.Value} vs {expected}");
    }

    /// <summary>The fixture's TorchScript model and its loss Hessian over batches of the given size.</summary>
    private static (PyTorchFixture, Model, LossHessian) Hessian(string name, string lossName, long batchSize)
    {
        var fixture = new PyTorchFixture(name);
        var model = TorchScriptFile.Load(fixture.TorchScript);
        return (fixture, model, new LossHessian(model, ModelLoss.Parse(lossName), fixture.Batches(lossName, batchSize)));
    }

    [Theory]
    [InlineData("cnn")]
    [InlineData("mlp")]
    public void NtkEntriesOfOutputZeroMatchPyTorch(string name)
    {
        using var scope = NewDisposeScope();
        var fixture = new PyTorchFixture(name);
        using var model = TorchScriptFile.Load(fixture.TorchScript);
        var jacobian = ModelJacobian.Rows(model, fixture.Inputs(), 0);
        Assert.Equal(new[] { fixture.Inputs().shape[0], model.Dimension }, jacobian.shape);
        var kernel = jacobian.matmul(jacobian.T);
        foreach (var (i, j, expected) in fixture.NtkEntries())
        {
            double value = kernel[i, j].item<double>();
            Assert.True(Relative(value, expected) < Tolerance, $"Theta[{i},{j}] {value} vs {expected}");
        }
    }
}
