using NetGeometry.Data;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Networks;
using NetGeometry.Statistics;
using NetGeometry.Training;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Dong &amp; Zhou's comparison of deep networks with diffeomorphic image matching (arXiv 1901.02354), made measurable
/// as in image-matching.md: the radial contours of two Fashion-MNIST items (two T-shirts/tops; a T-shirt/top and a
/// dress) are matched by landmark LDDMM (the geodesic, Beg et al. 2005) and by residual networks on the plane
/// x &lt;- x + h v_l(x) of depths L = 1/h (Rousseau et al. 2020; Ben Amor et al. 2022) trained with the kinetic penalty
/// beta sum_l h |v_l|^2, and once without it at the smallest and largest depth. A network's path is measured in the
/// landmark metric (E_net = sum_l (1/h) dq^T K^-1 dq), so that it compares with the geodesic energy p0^T K p0. Claims:
/// <list type="bullet">
/// <item>match: the deepest penalized networks carry the source to the target within half a pixel (RMS);</item>
/// <item>energy: their E_net / E_geodesic lies in [0.95, 1.5]; |ln(E_net / E_geodesic)| falls with depth (Spearman,
/// per seed and pair); the penalty lowers the ratio at the largest depth;</item>
/// <item>diffeomorphism: the deepest penalized maps keep det D phi &gt; 0 on the grid; at h = 1 without the penalty at
/// least half of them fold (det &lt; 0 somewhere);</item>
/// <item>interpretability (Dong &amp; Zhou with Zhang, Bengio &amp; Singer): in the deepest network the blocks that move the
/// landmarks most are those whose re-initialization hurts the match most (Spearman's rho &gt; 0).</item>
/// </list>
/// Checks: E_net &gt;= the energy of the geodesic to the network's own endpoint (up to that geodesic's discretization
/// error at the same depth), H conserved along the geodesics, the exact matches reached.
/// Its sweep's cells are not training runs: each is one seed and pair (seed x data.classes, [0] or [0, 3]) whose
/// geodesic and networks <see cref="ImageMatchingRun.Cell"/> computes and writes to the cell's folder (a
/// <see cref="Sweeps.CellComputation"/>), so the cells run side by side (--jobs), resume, and run as job-array tasks as
/// training cells do; <see cref="Analyze"/> only reads them back.
/// </summary>
public sealed class ImageMatching : IReproduction
{
    internal static readonly MatchingScale Quick = new(Points: 16, Depths: [1, 2, 4, 8], Iterations: 300, Seeds: [0, 1], GeodesicSteps: 16);
    internal static readonly MatchingScale Full = new(Points: 24, Depths: [1, 2, 4, 8, 16], Iterations: 600, Seeds: [0, 1, 2], GeodesicSteps: 64);

    /// <summary>Half a pixel of the 28-pixel image, in the unit square's coordinates.</summary>
    internal const double MatchTolerance = 0.5 / FashionMnist.ImageSide;
    internal static readonly Interval ExpectedRatio = new(0.95, 1.5);

    public string Name => "image-matching";
    public string Description => "Dong & Zhou: a residual network matching two Fashion-MNIST shapes behaves as LDDMM's flow: deep enough it matches, its energy approaches the geodesic's, it is a diffeomorphism for small steps, and the blocks that move most matter most.";
    public string Paper => "Dong & Zhou, Geometrization of deep networks for the interpretability of deep learning systems, arXiv 1901.02354 (2019); with Beg, Miller, Trouve & Younes, IJCV 2005 (LDDMM) and Ben Amor, Arguillere & Shao, ResNet-LDDMM, TPAMI 2022";

    public ReproductionPlan Plan(Profile profile)
    {
        var scale = profile == Profile.Quick ? Quick : Full;
        return new ReproductionPlan(Sweep($"{Name}-{(profile == Profile.Quick ? "quick" : "full")}", scale),
            $"{profile}: {scale.Points} landmarks per radial contour, kernel scale {MatchingScale.KernelScale}, networks of depth " +
            $"{string.Join(", ", scale.Depths)} with {MatchingScale.Hidden} hidden units per block, {scale.Iterations} Adam iterations each, " +
            $"{scale.Seeds.Length} seeds x 2 pairs (two T-shirts/tops; a T-shirt/top and a dress), one sweep cell each. " +
            "Dong & Zhou give no experiment to scale against.")
        {
            Computation = (spec, run, cancel) => ImageMatchingRun.Cell(scale, spec, run, cancel),
        };
    }

    /// <summary>The sweep: a cell per seed and pair. A cell's spec names its seed and the Fashion-MNIST classes its items
    /// come from (data.classes); its network and training fields are a spec's required defaults, unused (the cell's
    /// networks and their training are <see cref="MatchingScale"/>'s).</summary>
    private static ExperimentSpec Sweep(string name, MatchingScale scale) => new(
        new RunSpec
        {
            Name = name,
            Network = new NetworkSpec { Model = "mlp", Widths = [1] },
            Data = new DataSpec { Source = "fashion-mnist", Train = 100, Test = 100 },
            Training = new TrainingSpec { Optimizer = "gd", LearningRate = 1, Loss = "cross-entropy", Steps = 0, Probes = ["loss"] },
        },
        [SweepAxis.Of("seed", scale.Seeds), SweepAxis.Of("data.classes", ShapePairs.SameClass, ShapePairs.TwoClasses)],
        name);

    public ReproductionAnalysis Analyze(SweepResults results)
    {
        var scale = results.Spec.Name.EndsWith("-full", StringComparison.Ordinal) ? Full : Quick;
        var units = results.Completed.Select(c => ImageMatchingRun.Read(Path.Combine(results.Directory, c.Run.Folder!)))
            .OrderBy(u => u.Seed).ThenBy(u => u.Pair).ToList();
        int seeds = units.Select(u => u.Seed).Distinct().Count();
        return new ReproductionAnalysis(ImageMatchingFigures.Create(units, scale), ImageMatchingClaims.Create(units, scale, seeds));
    }
}
