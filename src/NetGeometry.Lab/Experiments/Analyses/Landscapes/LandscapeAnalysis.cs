using System.Diagnostics;
using System.Globalization;
using NetGeometry.Landscapes;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Analyses.Landscapes;

/// <summary>
/// netgeo landscape's measurements on a <see cref="PreparedLandscape"/>: the lines (initialization to final weights,
/// final weights to another run's; Goodfellow et al. 2015, t in [-0.5, 1.5]), the loss at each recorded checkpoint
/// placed on the first line, and the planes around theta* (Li et al. 2018): filter-normalized random directions, the
/// top-2 Hessian eigenvectors, the trajectory's principal components with the path projected.
/// </summary>
internal static class LandscapeAnalysis
{
    public static LandscapeResult Measure(PreparedLandscape p, IProgress<string>? progress)
    {
        var clock = Stopwatch.StartNew();
        var origin = LossLandscape.At(p.Model, p.Data);
        var lines = new List<LandscapeLine>();
        var path = new List<PathPoint>();
        var trajectory = p.Trajectory;
        if (p.Spec.LinePoints > 0 && trajectory.Count >= 2)
        {
            lines.Add(Line("init-final", $"initialization (step {trajectory[0].Step}) to the final weights (step {trajectory[^1].Step})", p, trajectory[0].Theta, p.Final, progress));
            path.AddRange(PathOnLine(p, progress));
        }
        if (p.Spec.LinePoints > 0 && p.Other is { } other)
            lines.Add(Line("final-other", $"the final weights to {p.Spec.Other}'s", p, p.Final, other, progress));
        var planes = new List<LandscapePlane>();
        try
        {
            foreach (var name in p.Spec.ChosenPlanes(trajectory.Count >= 3))
                planes.Add(Plane(name, p, progress));
        }
        catch
        {
            foreach (var plane in planes) plane.Dispose();
            throw;
        }
        return new LandscapeResult(origin, lines, path, planes, clock.Elapsed.TotalSeconds);
    }

    /// <summary>t from -0.5 to 1.5 in LinePoints steps, with 0 and 1 among them.</summary>
    private static double[] LinePositions(int points) =>
        Enumerable.Range(0, points).Select(i => -0.5 + 2.0 * i / (points - 1)).Concat([0.0, 1.0])
            .Select(t => Math.Round(t, 12)).Distinct().Order().ToArray();

    private static LandscapeLine Line(string name, string title, PreparedLandscape p, Tensor from, Tensor to, IProgress<string>? progress)
    {
        var t = LinePositions(p.Spec.LinePoints);
        using var direction = to.sub(from);
        var points = LossLandscape.Evaluate(p.Model, p.Data, from, [direction], t.Select(v => new[] { v }).ToList(),
            Count(progress, $"line {name}", t.Length));
        return new LandscapeLine(name, title, t, points, ModeConnectivity.Barrier(t, points.Select(q => q.Loss).ToList()));
    }

    /// <summary>Each checkpoint's loss, at its projection t = (theta_t - theta_0) . (theta* - theta_0) / ||theta* - theta_0||^2.</summary>
    private static IEnumerable<PathPoint> PathOnLine(PreparedLandscape p, IProgress<string>? progress)
    {
        var start = p.Trajectory[0].Theta;
        using var span = p.Final.sub(start);
        double squared = span.dot(span).item<double>();
        var report = Count(progress, "recorded path", p.Trajectory.Count);
        var points = new List<PathPoint>();
        foreach (var (checkpoint, i) in p.Trajectory.Select((c, i) => (c, i)))
        {
            using var scope = NewDisposeScope();
            double t = squared > 0 ? checkpoint.Theta.sub(start).dot(span).item<double>() / squared : 0;
            points.Add(new PathPoint(checkpoint.Step, t, LossLandscape.Evaluate(p.Model, p.Data, checkpoint.Theta, [], [[]])[0]));
            report?.Report(i + 1);
        }
        return points;
    }

    private static LandscapePlane Plane(string name, PreparedLandscape p, IProgress<string>? progress)
    {
        var spec = p.Spec;
        var span = Axis(-spec.Range, spec.Range, spec.Grid);
        switch (name)
        {
            case LandscapeSpec.Random:
            {
                using var generator = new Generator((ulong)spec.Seed);
                var first = FilterNormalizedDirection.Draw(p.Model, generator);
                var second = FilterNormalizedDirection.Draw(p.Model, generator);
                return Grid(p, name, "filter-normalized random directions", $"Li et al. 2018 sec. 4, seed {spec.Seed}",
                    span, span, first, second, null, progress);
            }
            case LandscapeSpec.Hessian:
            {
                progress?.Report("hessian plane: top-2 eigenvectors by Lanczos");
                using var plane = HessianPlane.Of(p.Model, p.Data, FilterNormalizedDirection.Norm(p.Model), spec.Seed, spec.MaxProducts);
                string note = string.Create(CultureInfo.InvariantCulture,
                    $"eigenvalues {plane.Eigenvalues[0]:G4} and {plane.Eigenvalues[1]:G4}{(plane.Converged ? "" : " (Lanczos did not converge)")}; directions scaled to the weights' norm {plane.Norm:G4}");
                return Grid(p, name, "top-2 Hessian eigenvectors", note, span, span, plane.First.clone(), plane.Second.clone(), null, progress);
            }
            default:
            {
                using var plane = TrajectoryPlane.Of(p.Trajectory.Select(c => c.Theta).ToList(), p.Final);
                var steps = p.Trajectory.Select(c => c.Step).ToList();
                var coordinates = plane.Path.Select((c, i) => (steps[i], c.A, c.B)).ToList();
                string note = string.Create(CultureInfo.InvariantCulture,
                    $"explained variance {plane.ExplainedVariance[0]:P1} and {plane.ExplainedVariance[1]:P1} ({plane.ExplainedVariance.Sum():P1} together)");
                return Grid(p, name, "PCA plane of the trajectory", note, Around(plane.Path.Select(c => c.A), spec.Grid),
                    Around(plane.Path.Select(c => c.B), spec.Grid), plane.First.clone(), plane.Second.clone(), coordinates, progress)
                    with { ExplainedVariance = plane.ExplainedVariance };
            }
        }
    }

    private static LandscapePlane Grid(PreparedLandscape p, string name, string title, string note, double[] a, double[] b, Tensor first, Tensor second,
        IReadOnlyList<(long, double, double)>? path, IProgress<string>? progress)
    {
        var coordinates = (from x in a from y in b select new[] { x, y }).ToList();
        var values = LossLandscape.Evaluate(p.Model, p.Data, p.Final, [first, second], coordinates, Count(progress, $"{name} plane", coordinates.Count));
        var points = new LandscapePoint[a.Length, b.Length];
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++) points[i, j] = values[i * b.Length + j];
        return new LandscapePlane(name, title, note, a, b, points, first, second, path);
    }

    private static double[] Axis(double low, double high, int points) => Enumerable.Range(0, points).Select(i => low + (high - low) * i / (points - 1)).ToArray();

    /// <summary>An axis over the path's coordinates with a margin of a fifth of their span on each side (Li et al.'s trajectory plots).</summary>
    private static double[] Around(IEnumerable<double> values, int points)
    {
        var list = values.ToList();
        double low = list.Min(), high = list.Max(), margin = Math.Max(0.2 * (high - low), 1e-3 * Math.Max(1, Math.Abs(high)));
        return Axis(low - margin, high + margin, points);
    }

    /// <summary>Progress as "what: k/n points".</summary>
    private static IProgress<int>? Count(IProgress<string>? progress, string what, int total) =>
        progress is null ? null : new Relay<int>(done => progress.Report($"{what}: {done}/{total} points"));
}
