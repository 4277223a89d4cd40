using NetGeometry.Landscapes;
using NetGeometry.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Landscapes;

public class LandscapeTests
{
    private static (Model Model, LandscapeData Data) ReluProblem(double c)
    {
        using var generator = new Generator(21);
        var net = nn.Sequential(("0", nn.Linear(5, 12)), ("1", nn.ReLU()), ("2", nn.Linear(12, 9)), ("3", nn.ReLU()), ("4", nn.Linear(9, 3)));
        var model = Model.FromModule(net);
        using (no_grad())
        {
            foreach (var p in model.Tensors) p.copy_(randn(p.shape, dtype: ScalarType.Float64, generator: generator).mul(Held(0.5)));
            // ReLU's rescaling symmetry: layer 0 (weight and bias) times c, layer 2's weight divided by c: the same function.
            model.Tensors[0].mul_(Held(c)); model.Tensors[1].mul_(Held(c)); model.Tensors[2].div_(Held(c));
        }
        var x = randn(40, 5, dtype: ScalarType.Float64, generator: generator);
        var labels = randint(0, 3, [40], dtype: ScalarType.Int64, generator: generator);
        var batches = Batch.Split(x, labels, 16);
        return (model, new LandscapeData(ModelLoss.CrossEntropy, batches, batches.Select(b => b.Targets).ToList()));
    }

    private static double[] Grid(Model model, LandscapeData data, Func<Model, Generator, Tensor> direction)
    {
        using var generator = new Generator(5);
        var d = direction(model, generator);
        var e = direction(model, generator);
        var coordinates = (from a in new[] { -1.0, -0.3, 0, 0.5, 1 } from b in new[] { -1.0, 0, 0.7 } select new[] { a, b }).ToList();
        return LossLandscape.Evaluate(model, data, model.Values(), [d, e], coordinates).Select(p => p.Loss).ToArray();
    }

    [Fact]
    public void FilterNormalizedLandscapeOfAReluNetIsUnchangedByRescalingOneLayerByCAndTheNextByOneOverC()
    {
        var (plain, data) = ReluProblem(1);
        var (scaled, same) = ReluProblem(7);
        Assert.Equal(LossLandscape.At(plain, data).Loss, LossLandscape.At(scaled, same).Loss, 1e-12);
        var expected = Grid(plain, data, FilterNormalizedDirection.Draw);
        var actual = Grid(scaled, same, FilterNormalizedDirection.Draw);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-10);
        // Without filter normalization the same draws give another picture: what the normalization is for.
        Tensor Raw(Model m, Generator g) => randn(m.Dimension, dtype: ScalarType.Float64, generator: g);
        var rawPlain = Grid(plain, data, Raw);
        var rawScaled = Grid(scaled, same, Raw);
        Assert.True(rawPlain.Zip(rawScaled, (p, q) => Math.Abs(p - q)).Max() > 0.1);
    }

    [Fact]
    public void DirectionsZeroBiasesAndMatchEachFiltersNorm()
    {
        var (model, _) = ReluProblem(1);
        using var generator = new Generator(3);
        var parts = model.Split(FilterNormalizedDirection.Draw(model, generator));
        Assert.Equal(0, parts[1].abs().max().item<double>());
        var rows = parts[2].norm(1);
        var expected = model.Tensors[2].detach().norm(1);
        Assert.True(rows.allclose(expected, rtol: 1e-12));
    }

    [Fact]
    public void TheOriginIsTheModelsLossOverAllBatchesAndTheParametersComeBack()
    {
        var (model, data) = ReluProblem(1);
        var before = model.Values();
        double objective = ModelObjective.Loss(model, data.Loss, data.Batches);
        using var generator = new Generator(1);
        var d = FilterNormalizedDirection.Draw(model, generator);
        var points = LossLandscape.Evaluate(model, data, before, [d], [[0.0], [0.4]]);
        Assert.Equal(objective, points[0].Loss, 1e-13);
        Assert.NotEqual(points[0].Loss, points[1].Loss);
        Assert.InRange(points[0].Accuracy!.Value, 0, 1);
        Assert.True(model.Values().allclose(before, rtol: 0, atol: 0));
    }

    [Fact]
    public void MemoryStaysFlatOverGridPoints()
    {
        var (model, data) = ReluProblem(1);
        using var generator = new Generator(2);
        var d = FilterNormalizedDirection.Draw(model, generator);
        var origin = model.Values();
        long Live(int points)
        {
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            LossLandscape.Evaluate(model, data, origin, [d], Enumerable.Range(0, points).Select(i => new[] { 0.01 * i }).ToList());
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }
        Assert.Equal(Live(2), Live(40)); // tensors left behind do not grow with the number of points
    }

    [Fact]
    public void TheTrajectoryPlaneOfAPathInAPlaneExplainsAllItsVarianceAndRecoversThePath()
    {
        using var generator = new Generator(8);
        var final = randn(50, dtype: ScalarType.Float64, generator: generator);
        var basis = linalg.qr(randn(50, 2, dtype: ScalarType.Float64, generator: generator)).Q;
        double[][] path = [[3, 1], [2, 1.5], [1.2, 0.4], [0.5, 0.3], [0, 0]];
        var checkpoints = path.Select(p => final.add(basis[.., 0].mul(Held(p[0])), Held(1)).add(basis[.., 1].mul(Held(p[1])), Held(1))).ToList();
        using var plane = TrajectoryPlane.Of(checkpoints, final);
        Assert.Equal(1, plane.ExplainedVariance.Sum(), 1e-12);
        Assert.True(plane.ExplainedVariance[0] >= plane.ExplainedVariance[1]);
        for (int t = 0; t < path.Length; t++)
        {
            var rebuilt = final.add(plane.First.mul(Held(plane.Path[t].A)), Held(1)).add(plane.Second.mul(Held(plane.Path[t].B)), Held(1));
            Assert.True(rebuilt.allclose(checkpoints[t], rtol: 0, atol: 1e-10), $"checkpoint {t}");
        }
        Assert.Equal((0.0, 0.0), (plane.Path[^1].A, plane.Path[^1].B));
    }

    [Fact]
    public void TheBarrierIsTheLargestRiseAboveTheLineBetweenTheEndLosses()
    {
        Assert.Equal(2, ModeConnectivity.Barrier([-0.5, 0, 0.5, 1, 1.5], [9, 1, 3.5, 2, 9]), 12); // 3.5 above 1.5 at t = 0.5
        Assert.Equal(0, ModeConnectivity.Barrier([0, 0.5, 1], [1, 0.5, 2])); // below the line: connected, the ends give 0
    }
}
