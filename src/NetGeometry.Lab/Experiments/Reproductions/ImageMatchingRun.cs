using System.Text.Json;
using System.Text.Json.Serialization;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Geometry.Matching;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>Which two Fashion-MNIST items are matched: two T-shirts/tops, or a T-shirt/top and a dress.</summary>
internal enum ShapePair { SameClass, TwoClasses }

/// <summary>The classes each <see cref="ShapePair"/> draws its items from: a cell's data.classes.</summary>
internal static class ShapePairs
{
    /// <summary>Fashion-MNIST's classes T-shirt/top and Dress.</summary>
    public const int TShirt = 0, Dress = 3;

    public static readonly int[] SameClass = [TShirt];
    public static readonly int[] TwoClasses = [TShirt, Dress];

    public static ShapePair Of(int[]? classes) => classes switch
    {
        [TShirt] => ShapePair.SameClass,
        [TShirt, Dress] => ShapePair.TwoClasses,
        _ => throw new InputException($"{DataFields.Classes}: an image-matching cell matches items of [0] or [0, 3], not {(classes is null ? "none" : $"[{string.Join(", ", classes)}]")}."),
    };
}

/// <summary>The scale of an image-matching run: landmarks per contour, depths, Adam iterations per network, seeds.</summary>
/// <param name="Points">Landmarks on each radial contour.</param>
/// <param name="Depths">The residual networks' depths L (h = 1 / L), ascending; the first is the large step.</param>
/// <param name="Iterations">Adam iterations per network.</param>
/// <param name="Seeds">Each seed picks its own pair of items and initializes the networks.</param>
/// <param name="GeodesicSteps">RK4 steps of a geodesic per unit time at least (more when a depth needs its slices):
/// enough for H's relative drift to stay within the check's 1e-6 at this many landmarks (RK4's drift falls like
/// steps^-4; more landmarks at the same kernel scale need larger momenta).</param>
internal sealed record MatchingScale(int Points, int[] Depths, int Iterations, long[] Seeds, int GeodesicSteps)
{
    /// <summary>The Gaussian kernel's scale s (image side 1): contour points about 0.1 apart are coupled, not merged.</summary>
    public const double KernelScale = 0.1;
    /// <summary>Hidden units per block.</summary>
    public const int Hidden = 16;
    /// <summary>The kinetic penalty's weight beta (and 0 for the networks trained without it).</summary>
    public const double Beta = 0.01;
    /// <summary>Adam's learning rate.</summary>
    public const double LearningRate = 0.02;
    /// <summary>Side of the grid on [0, 1]^2 on which the maps' Jacobian determinants are taken.</summary>
    public const int GridSide = 21;

    /// <summary>The deepest network, on which the match, the energy check and the re-initialization are measured.</summary>
    public int Deepest => Depths[^1];
}

/// <summary>One trained network: depth, penalized or not, RMS distance to the target, E_net in the landmark metric, its
/// ratio to the geodesic energy, the smallest Jacobian determinant on the grid, and the RMS distance of its layer path
/// q_l to the geodesic's slices q(l h) (mean over l).</summary>
internal sealed record NetworkMeasure(int Depth, bool Penalized, double Rms, double Energy, double Ratio, double MinDeterminant, double SliceDistance);

/// <summary>
/// One seed and pair: the LDDMM geodesic between the two contours (its energy, H's relative drift, endpoint error), every
/// network's measures, the deepest penalized network's per-block displacement and re-initialization damage, and the
/// energy check on it (E_net against the energy of the geodesic to the network's own endpoint, with the discretization
/// slack of that geodesic's energy at the same depth).
/// </summary>
internal sealed record MatchingUnit(long Seed, ShapePair Pair, double GeodesicEnergy, double HamiltonianDrift, double GeodesicError,
    IReadOnlyList<NetworkMeasure> Networks, double[] Displacement, double[] Damage, double SameEndsEnergy, double SameEndsNetEnergy, double Slack,
    MatchingPictures? Pictures)
{
    public NetworkMeasure Network(int depth, bool penalized) => Networks.Single(n => n.Depth == depth && n.Penalized == penalized);
}

/// <summary>What the figures draw, for the first seed's two-class pair: the source and target contours, the grid's
/// images after each block of the depth-4 network and the geodesic's at the same times, and that network's layer path.</summary>
internal sealed record MatchingPictures(double[][] Source, double[][] Target, IReadOnlyList<double[][]> NetworkGrids,
    IReadOnlyList<double[][]> GeodesicGrids, IReadOnlyList<double[][]> LayerPath);

/// <summary>Runs one seed and pair of the image-matching reproduction (<see cref="ImageMatching"/>).</summary>
internal static class ImageMatchingRun
{
    /// <summary>The depth whose grids are drawn.</summary>
    public const int PictureDepth = 4;
    private const int PictureGridSide = 11;

    /// <summary>The file a cell writes its <see cref="MatchingUnit"/> to, in its run folder.</summary>
    public const string UnitFile = "matching.json";

    private static readonly JsonSerializerOptions UnitJson = new(RunSpec.Json) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// One sweep cell of the reproduction (a <see cref="Sweeps.CellComputation"/>): the seed and pair its spec names
    /// (seed, data.classes) measured at <paramref name="scale"/>, written to <see cref="UnitFile"/> in the cell's folder;
    /// the first seed's two-class pair also keeps the pictures. Returns the deepest penalized network's numbers for
    /// cells.csv.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Cell(MatchingScale scale, RunSpec spec, RunDirectory run, CancellationToken cancel)
    {
        var pair = ShapePairs.Of(spec.Data.Classes);
        var unit = Measure(spec.Seed, pair, scale, pictures: spec.Seed == scale.Seeds[0] && pair == ShapePair.TwoClasses, spec.Data.DataDir, cancel);
        AtomicFile.WriteAllText(Path.Combine(run.Path, UnitFile), JsonSerializer.Serialize(unit, UnitJson));
        var deepest = unit.Network(scale.Deepest, penalized: true);
        return new Dictionary<string, double>
        {
            ["geodesic_energy"] = unit.GeodesicEnergy, ["energy_ratio"] = deepest.Ratio, ["rms_to_target"] = deepest.Rms,
            ["min_determinant"] = deepest.MinDeterminant,
        };
    }

    /// <summary>The measures a finished cell wrote (<see cref="Cell"/>), from its folder.</summary>
    public static MatchingUnit Read(string cellFolder) =>
        JsonSerializer.Deserialize<MatchingUnit>(File.ReadAllText(Path.Combine(cellFolder, UnitFile)), UnitJson)!;

    /// <summary>The two contours of a seed's pair: items 2 seed and 2 seed + 1 of T-shirt/top (class 0), or item seed of
    /// T-shirt/top and of Dress (class 3), from the training file in file order.</summary>
    public static (Tensor Source, Tensor Target) Shapes(long seed, ShapePair pair, int points, string? directory = null)
    {
        int s = checked((int)seed);
        if (pair == ShapePair.SameClass)
        {
            var items = FashionMnistShapes.Items(ShapePairs.TShirt, 2 * s + 2, points, directory);
            return (items[2 * s], items[2 * s + 1]);
        }
        return (FashionMnistShapes.Items(ShapePairs.TShirt, s + 1, points, directory)[s],
            FashionMnistShapes.Items(ShapePairs.Dress, s + 1, points, directory)[s]);
    }

    public static MatchingUnit Measure(long seed, ShapePair pair, MatchingScale scale, bool pictures, string? directory = null,
        CancellationToken cancel = default)
    {
        using var scope = NewDisposeScope();
        var (source, target) = Shapes(seed, pair, scale.Points, directory);
        var hamiltonian = new LandmarkHamiltonian(new GaussianKernel(MatchingScale.KernelScale));
        var matching = new MatchingOptions(Steps: scale.GeodesicSteps, Tolerance: 1e-9);
        var match = LandmarkMatching.Exact(hamiltonian, source, target, matching);
        var geodesic = LandmarkShooting.Shoot(hamiltonian, source.unsqueeze(0), match.Momenta.unsqueeze(0), matching.Steps);
        double h0 = hamiltonian.Value(geodesic.Landmarks[0], geodesic.Momenta[0]).item<double>();
        double drift = Math.Abs(hamiltonian.Value(geodesic.End, geodesic.Momenta[^1]).item<double>() - h0) / h0;

        var networks = new List<NetworkMeasure>();
        MatchingPictures? drawn = null;
        double[] displacement = [], damage = [];
        double sameEnds = double.NaN, sameEndsNet = double.NaN, slack = double.NaN;
        var runs = scale.Depths.Select(d => (Depth: d, Penalized: true))
            .Append((scale.Deepest, false)).Append((scale.Depths[0], false));
        foreach (var (depth, penalized) in runs)
        {
            cancel.ThrowIfCancellationRequested();
            using var netScope = NewDisposeScope();
            using var net = new MatchingResNet(depth, MatchingScale.Hidden, Seeds.Derive(seed, $"matching-net-{pair}-{depth}"));
            MatchingResNetTraining.Fit(net, source, target, penalized ? MatchingScale.Beta : 0, scale.Iterations, MatchingScale.LearningRate);
            using var noGrad = no_grad();
            var layers = net.Path(source).States;
            var slices = Slices(hamiltonian, source, match.Momenta, depth, scale.GeodesicSteps);
            double energy = LandmarkPathEnergy.Of(hamiltonian.Kernel, layers);
            var grid = new GridJacobian(MatchingScale.GridSide, 0, 1);
            networks.Add(new NetworkMeasure(depth, penalized, Rms(layers[^1], target), energy, energy / match.Energy,
                grid.Determinants(net.Path(grid.Nodes()).States[^1]).min().item<double>(),
                Enumerable.Range(1, depth).Average(l => Rms(layers[l], slices[l]))));
            if (penalized && depth == scale.Deepest)
            {
                (displacement, damage) = Reinitialization(net, source, target);
                var own = LandmarkMatching.Exact(hamiltonian, source, layers[^1], matching);
                var ownSlices = Slices(hamiltonian, source, own.Momenta, depth, scale.GeodesicSteps);
                (sameEnds, sameEndsNet, slack) = (own.Energy, energy, Math.Abs(LandmarkPathEnergy.Of(hamiltonian.Kernel, ownSlices) - own.Energy));
            }
            if (pictures && penalized && depth == PictureDepth) drawn = Pictures(hamiltonian, net, source, target, match.Momenta, scale.GeodesicSteps);
        }
        return new MatchingUnit(seed, pair, match.Energy, drift, match.EndpointError, networks, displacement, damage, sameEnds, sameEndsNet, slack, drawn);
    }

    /// <summary>The geodesic's landmarks at t = l / depth, l = 0..depth (shot with a multiple of depth steps, at least
    /// <paramref name="steps"/>).</summary>
    private static IReadOnlyList<Tensor> Slices(LandmarkHamiltonian hamiltonian, Tensor source, Tensor momenta, int depth, int steps)
    {
        int every = (steps + depth - 1) / depth;
        var path = LandmarkShooting.Shoot(hamiltonian, source.unsqueeze(0), momenta.unsqueeze(0), depth * every);
        return Enumerable.Range(0, depth + 1).Select(l => path.Landmarks[l * every][0]).ToList();
    }

    /// <summary>Each block's mean displacement of the landmarks, mean_i |x_(l+1),i - x_l,i|, and the damage of
    /// re-initializing it alone (Zhang, Bengio &amp; Singer): the RMS distance to the target after, minus before.</summary>
    private static (double[] Displacement, double[] Damage) Reinitialization(MatchingResNet net, Tensor source, Tensor target)
    {
        var layers = net.Path(source).States;
        double trained = Rms(layers[^1], target);
        var displacement = Enumerable.Range(0, net.Blocks)
            .Select(l => layers[l + 1].sub(layers[l]).pow(Held(2)).sum(new long[] { -1 }).sqrt().mean().item<double>()).ToArray();
        var damage = new double[net.Blocks];
        for (int l = 0; l < net.Blocks; l++)
        {
            using var reset = net.Reinitialize(l);
            damage[l] = Rms(net.Path(source).States[^1], target) - trained;
        }
        return (displacement, damage);
    }

    private static MatchingPictures Pictures(LandmarkHamiltonian hamiltonian, MatchingResNet net, Tensor source, Tensor target, Tensor momenta, int steps)
    {
        var nodes = new GridJacobian(PictureGridSide, 0, 1).Nodes();
        var netGrids = net.Path(nodes).States.Skip(1).Select(Array).ToList();
        int every = (steps + net.Blocks - 1) / net.Blocks;
        var flow = LandmarkShooting.Shoot(hamiltonian, source.unsqueeze(0), momenta.unsqueeze(0), net.Blocks * every, nodes.unsqueeze(0));
        var geodesicGrids = Enumerable.Range(1, net.Blocks).Select(l => Array(flow.Points![l * every][0])).ToList();
        return new MatchingPictures(Array(source), Array(target), netGrids, geodesicGrids, net.Path(source).States.Select(Array).ToList());
    }

    private static double[][] Array(Tensor points)
    {
        var values = points.data<double>().ToArray();
        return Enumerable.Range(0, values.Length / 2).Select(i => new[] { values[2 * i], values[2 * i + 1] }).ToArray();
    }

    /// <summary>sqrt(mean_i |a_i - b_i|^2).</summary>
    private static double Rms(Tensor a, Tensor b) => Math.Sqrt(a.sub(b).pow(Held(2)).sum(new long[] { -1 }).mean().item<double>());
}
