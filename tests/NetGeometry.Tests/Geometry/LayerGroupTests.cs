using NetGeometry.Engine;
using NetGeometry.Geometry;
using NetGeometry.Geometry.LieGroup;
using NetGeometry.Networks;
using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class LayerGroupTests
{
    [Fact]
    public void TheAveragedBlockJacobianIsTheMeanOfTheBlocksJacobians()
    {
        using var network = new ResidualMlp(3, 5, 2, 1, Activation.Tanh, Parameterization.Ntk, step: 0.5);
        network.Initialize(4);
        using var g = Seeds.Generator(1);
        using var x = randn(6, 3, generator: g, dtype: float64);
        var elements = LayerGroupElements.Of(network, x);
        Assert.Equal(new[] { "block1", "block2" }, elements.Select(e => e.Layer));

        // Finite differences of the block map x_l -> x_l + h tanh(m_W W x_l + m_b b) at each example's traced input.
        var trace = new ForwardTrace();
        using (no_grad()) network.Forward(x, trace);
        var block = network.Blocks[1];
        var inputs = trace["block2"].Input;
        Tensor Map(Tensor u) => u.add(block.call(u).tanh(), alpha: Held(network.Step));
        using var mean = zeros(5, 5, dtype: float64);
        const double epsilon = 1e-6;
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 5; j++)
            {
                using var e = zeros(1, 5, dtype: float64);
                e[0, j] = epsilon;
                using var u = inputs.narrow(0, i, 1);
                using var column = Map(u.add(e, Held(1))).sub(Map(u.sub(e))).div(Held(2 * epsilon)).squeeze(0);
                using var column_ = mean.select(1, j);
                column_.add_(column.div(Held(6)), Held(1));
            }
        using var difference = elements[1].Matrix.sub(mean);
        Assert.True(difference.abs().max().item<double>() < 1e-8, $"closed form vs finite differences: {difference.abs().max().item<double>()}");
        foreach (var element in elements) element.Dispose();
    }

    [Fact]
    public void CommutingRotationsFormAStraightPathAndNonCommutingOnesDoNot()
    {
        using var metric = PenaltyMetric.Band(3, 0, q: 1);
        using var a = tensor(new[] { 0.0, -0.4, 0, 0.4, 0, 0, 0, 0, 0 }, new long[] { 3, 3 }, ScalarType.Float64);  // about z
        using var b = tensor(new[] { 0.0, 0, 0, 0, 0, -0.7, 0, 0.7, 0 }, new long[] { 3, 3 }, ScalarType.Float64);  // about x
        GroupElement E(string name, Tensor generator) => new(name, linalg.matrix_exp(generator));

        var same = new[] { E("l1", a), E("l2", a.mul(Held(2))), E("l3", a.mul(Held(0.5))) };
        var straight = GroupPathComplexity.Measure(same, metric);
        double norm = Math.Sqrt(2 * 0.16);
        Assert.Equal(3.5 * norm, straight.PathComplexity, 12);
        Assert.Equal(straight.PathComplexity, straight.DirectCost, 12);
        Assert.Equal(1.0, straight.Ratio, 12);

        var turning = new[] { E("l1", a), E("l2", b), E("l3", a.neg()) };
        var bent = GroupPathComplexity.Measure(turning, metric);
        Assert.True(bent.Ratio > 1.5, $"going out and back along z with an x turn between: ratio {bent.Ratio}");
        foreach (var e in same.Concat(turning)) e.Dispose();
    }

    [Fact]
    public void ThePenaltyWeighsEntriesOutsideTheBand()
    {
        using var metric = PenaltyMetric.Band(3, 1, q: 3);
        using var h = tensor(new[] { 1.0, 0, 2, 0, 0, 0, 0, 0, 0 }, new long[] { 3, 3 }, ScalarType.Float64);
        Assert.Equal(Math.Sqrt(1 + 9 * 4), metric.Norm(h), 14);
    }

    [Fact]
    public void AnUndefinedGeneratorIsReportedNotThrown()
    {
        using var metric = PenaltyMetric.Band(2, 0, q: 1);
        var elements = new[] { new GroupElement("flip", tensor(new[] { -1.0, 0, 0, 2 }, new long[] { 2, 2 }, ScalarType.Float64)) };
        var result = GroupPathComplexity.Measure(elements, metric);
        Assert.True(double.IsNaN(result.PathComplexity));
        Assert.Contains("negative real axis", result.Layers[0].Undefined);
    }

    [Fact]
    public void ConstantBlocksMoveTheDataByAKnownAmount()
    {
        // Zero weights and identity activation: every block adds h m_b b, the same for every example, so the flow's
        // kinetic energy per block is h m_b^2 ||b||^2 and its length h m_b ||b||.
        using var network = new ResidualMlp(2, 3, 4, 1, Activation.Identity, Parameterization.Ntk, biasStd: 0.5);
        network.Initialize(0);
        using (no_grad())
            foreach (var block in network.Blocks)
            {
                block.Weight.zero_();
                block.Bias!.copy_(tensor(new[] { 1.0, 2.0, 2.0 }));
            }
        using var x = ones(5, 2, dtype: float64);
        var flow = ResidualFlow.Measure(network, x);
        double h = network.Step, mb = 0.5;
        Assert.All(flow.BlockKineticEnergy, e => Assert.Equal(h * mb * mb * 9, e, 12));
        Assert.Equal(4 * h * mb * 3, flow.PathLength, 12);
    }

    [Fact]
    public void SquareMlpLayersContributeOrthogonalPolarFactors()
    {
        using var network = new Mlp(4, new[] { 6, 6, 6 }, 2);
        network.Initialize(3);
        using var x = ones(2, 4, dtype: float64);
        var elements = LayerGroupElements.Of(network, x);
        Assert.Equal(new[] { "layer2", "layer3" }, elements.Select(e => e.Layer));
        foreach (var e in elements)
        {
            using var gram = e.Matrix.t().matmul(e.Matrix);
            Assert.True(gram.allclose(eye(6, dtype: float64), atol: 1e-12));
            e.Dispose();
        }
    }

    [Fact]
    public void OrthogonalLayersContributeTheirLearnedRotationWhoseGeneratorIsTheSkewParameter()
    {
        // EXP: Q = exp(S), S skew from R's upper triangle (Liu et al. 2021), so Q^T = exp(-S) and ||log Q^T||_F = ||S||_F
        // while S's eigenvalues lie in (-pi, pi).
        using var network = new Mlp(4, new[] { 6, 6, 6 }, 2, opt: new OptPlan(OrthogonalMethod.MatrixExponential, new HashSet<string> { "layer2", "layer3" }));
        network.Initialize(3);
        using var x = ones(2, 4, dtype: float64);
        var layers = network.Layers.OfType<OptDenseLayer>().ToList();
        foreach (var e in LayerGroupElements.Of(network, x))
        {
            Assert.True(e.Matrix.allclose(eye(6, dtype: float64), atol: 0), "OPT starts at Q = I");
            e.Dispose();
        }
        var generator = Seeds.Generator(5);
        using (no_grad())
            foreach (var layer in layers) layer.R.copy_(randn(6, 6, generator: generator, dtype: float64).mul_(Held(0.3)));
        var elements = LayerGroupElements.Of(network, x);
        Assert.Equal(new[] { "layer2", "layer3" }, elements.Select(e => e.Layer));
        using var frobenius = PenaltyMetric.Band(6, 5, 1);
        var path = GroupPathComplexity.Measure(elements, frobenius);
        for (int l = 0; l < 2; l++)
        {
            using var q = layers[l].Q();
            Assert.True(elements[l].Matrix.allclose(q.t(), atol: 1e-15));
            using var skew = SkewSymmetric.FromUpperTriangle(layers[l].R.detach());
            Assert.Equal(skew.norm().item<double>(), path.Layers[l].Norm, 10);
        }
        Assert.True(path.Ratio >= 1 - 1e-12, $"a bi-invariant metric on SO(n): C_path >= C_direct, ratio {path.Ratio}");
        foreach (var e in elements) e.Dispose();
    }
}
