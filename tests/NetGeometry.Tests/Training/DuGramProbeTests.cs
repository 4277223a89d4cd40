using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Networks;
using NetGeometry.Training.Probes;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Training;

public class DuGramProbeTests
{
    /// <summary>H(W) summed neuron by neuron, H = (1/m) sum_r (x x^T) o (s_r s_r^T) with s_r = 1{X w_r &gt;= 0} (Du et al. Sec. 3).</summary>
    private static Tensor GramByNeurons(Tensor x, Tensor w)
    {
        var h = zeros(x.shape[0], x.shape[0], dtype: float64);
        var gram = x.matmul(x.t());
        for (long r = 0; r < w.shape[0]; r++)
        {
            var s = x.matmul(w[r]).ge(Held(0)).to_type(ScalarType.Float64);
            h.add_(gram.mul(s.outer(s)), Held(1));
        }
        return h.div(Held(w.shape[0]));
    }

    /// <summary>H-inf from its closed form x_i . x_j (pi - arccos(x_i . x_j)) / (2 pi) for unit inputs.</summary>
    private static Tensor LimitByFormula(Tensor x)
    {
        var t = x.matmul(x.t()).clamp(Held(-1), Held(1));
        return t.mul(t.arccos().neg().add(Held(Math.PI), Held(1))).div(Held(2 * Math.PI));
    }

    [Fact]
    public void ItRecordsLambdaMinOfHAndItsSpectralDistanceToHInfinityAsADenseEigendecompositionGivesThem()
    {
        using var scope = NewDisposeScope();
        using var data = TrainingData.SphereRegression(12, 4, seed: 3);
        using var net = new TwoLayerRelu(4, 30);
        net.Initialize(3);
        using var initial = net.Snapshot();
        using var probe = new DuGramProbe();
        var x = data.Train.Inputs;
        var limit = LimitByFormula(x);
        var atStart = ProbeRuns.Measure(probe, 0, net, data, initial);
        // arccos(t) near t = 1 amplifies the round-off of x_i . x_i = 1 - 1e-16 to sqrt(2e-16) / (2 pi), about 2e-9, on the diagonal.
        Assert.Equal(linalg.eigvalsh(limit)[0].item<double>(), atStart["du_lambda_0"], 1e-8);
        Assert.Equal(linalg.eigvalsh(limit)[11].item<double>(), atStart["du_limit_lambda_max"], 1e-8);
        Assert.True(atStart["du_lambda_0"] > 0, "no two of the 12 points are parallel");

        using (no_grad()) net.Hidden.Weight.add_(randn(30, 4, dtype: float64, generator: Seeds.Generator(9)), Held(1));
        var later = ProbeRuns.Measure(probe, 5, net, data, initial);
        var h = GramByNeurons(x, net.Hidden.Weight.detach());
        Assert.Equal(linalg.eigvalsh(h)[0].item<double>(), later["du_gram_lambda_min"], 1e-10);
        Assert.Equal(linalg.svdvals(h.sub(limit))[0].item<double>(), later["du_gram_distance"], 1e-8);
        Assert.False(later.ContainsKey("du_lambda_0"), "lambda_0 is recorded once, at the first call");
    }

    [Fact]
    public void HOfTheInitialWeightsApproachesHInfinityLikeOneOverRootWidth()
    {
        using var data = TrainingData.SphereRegression(40, 5, seed: 1);
        double Distance(int width)
        {
            using var net = new TwoLayerRelu(5, width);
            net.Initialize(width);
            using var initial = net.Snapshot();
            using var probe = new DuGramProbe();
            return ProbeRuns.Measure(probe, 0, net, data, initial)["du_gram_distance"];
        }
        // Lemma 3.1's concentration: each entry of H(0) - H-inf is a mean of m bounded independent terms, so the
        // distance scales like m^(-1/2): a factor 10 from m = 100 to m = 10,000.
        double narrow = Distance(100), wide = Distance(10_000);
        Assert.InRange(narrow / wide, 6, 16);
    }

    [Fact]
    public void ANetworkThatIsNotDusIsRefusedBeforeTheRunStarts()
    {
        var spec = new RunSpec
        {
            Network = new NetworkSpec { Model = "mlp", Widths = [8] },
            Data = new NetGeometry.Data.DataSpec { Source = "sphere", Train = 10, Dim = 3 },
            Training = new NetGeometry.Training.TrainingSpec { Optimizer = "gd", Steps = 2, Probes = ["loss", "du-gram"] },
        };
        var error = Assert.Throws<InputException>(() => RunExecutor.Prepare(spec));
        Assert.Contains("two-layer-relu", error.Message);
    }
}
