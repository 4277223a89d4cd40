using NetGeometry.Statistics;
using static NetGeometry.Experiments.Reproductions.LayersEqual;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// layers-equal's verdict lines. Per optimizer profile, five claims of Zhang, Bengio &amp; Singer (Sec. 3), each measured
/// once per seed and decided on the 95% t interval of its mean over the seeds (Student t, <see cref="SampleMean"/>): it
/// holds when the whole interval lies on the claimed side of its threshold. Two checks: the reopened runs are the trained
/// ones, and the reinit probe agrees with the heatmap.
/// </summary>
internal static class LayersEqualClaims
{
    /// <summary>Two errors on the same test set that must be equal: any difference is at least 1 / (test examples).</summary>
    private const double SameError = 1e-9;

    /// <summary>The five claims of one optimizer profile, from its runs (both networks, every seed).</summary>
    public static IEnumerable<Claim> Of(OptimizerProfile optimizer, IReadOnlyList<LayersEqualRun> runs)
    {
        var fcn = runs.Where(r => r.Model == Fcn).OrderBy(r => r.Seed).ToList();
        var residual = runs.Where(r => r.Model == Residual).OrderBy(r => r.Seed).ToList();
        var claims = new[]
        {
            Chance(optimizer.Label, fcn), FirstLayer(optimizer.Label, fcn), UpperRobust(optimizer.Label, fcn),
            // Narrowed after seeing data: first stated for every upper layer, the claim was restricted to the upper hidden
            // layers once the output layer had moved most (its small initial norm makes a small change a large relative one).
            MovesLess(optimizer.Label, fcn).FixedAfterData(),
            MoreRobust(optimizer.Label, fcn, residual),
        };
        // Adam was chosen after SGD gave a margin near the robustness threshold: every Adam line rests on that choice.
        return optimizer.Label == "adam" ? claims.Select(c => c.FixedAfterData()) : claims;
    }

    private static Claim Chance(string optimizer, IReadOnlyList<LayersEqualRun> fcn)
    {
        var lowest = fcn.Select(r => Enumerable.Range(0, r.Layers.Count).Min(l => r.Table.Matrix[l, 0])).ToList();
        return OverSeeds($"{optimizer}-rerandomized-near-chance",
            $"{optimizer}: re-randomizing any one layer of the FCN brings its test error close to chance (0.9 for 10 classes): per seed the " +
            $"lowest error over the layers, each the mean of {Draws} fresh draws ({PerSeed(lowest)})",
            lowest, v => v >= NearChance, $">= {Text(NearChance)}", "close to chance");
    }

    private static Claim FirstLayer(string optimizer, IReadOnlyList<LayersEqualRun> fcn)
    {
        var margins = fcn.Select(r => r.FinalRise(r.Layers[0]) - r.Layers.Skip(1).Max(r.FinalRise)).ToList();
        return OverSeeds($"{optimizer}-first-layer-critical",
            $"{optimizer}: re-initializing the first FCN layer to its initial value raises the test error much more than re-initializing " +
            $"any upper layer ({MeanRises(fcn)}): per seed the rise of the first layer minus the largest upper rise ({PerSeed(margins)})",
            margins, v => v >= FirstLayerMargin, $">= {Text(FirstLayerMargin)}", "much more");
    }

    /// <summary>Zhang et al.: re-initializing hurts only the first layer(s) of an FCN; here measured at every probed epoch
    /// of training, so that robustness lost (or gained) as training goes on shows in the verdict.</summary>
    private static Claim UpperRobust(string optimizer, IReadOnlyList<LayersEqualRun> fcn)
    {
        var largest = fcn.Select(UpperRises).ToList();
        var worst = largest.Select(rises => rises.Count == 0 ? double.NaN : rises.Max(r => r.Rise)).ToList();
        string hidden = fcn.Count == 0 ? "" : string.Join(", ", UpperHidden(fcn[0]));
        return OverSeeds($"{optimizer}-upper-layers-robust",
            $"{optimizer}: the FCN's upper hidden layers ({hidden}) are robust at every epoch of training: re-initializing one to its initial " +
            $"value raises the test error by less than {Text(RobustRise)}; per seed the largest rise over those layers and the probed epochs " +
            $"({PerSeed(worst)}). {ByEpoch(fcn, largest)}",
            worst, v => v < RobustRise, $"< {Text(RobustRise)}", "robust");
    }

    /// <summary>The FCN's hidden layers above the first: neither the first nor the output layer.</summary>
    private static IEnumerable<string> UpperHidden(LayersEqualRun run) => run.Layers.Skip(1).SkipLast(1);

    /// <summary>Per probed step, the largest rise over the upper hidden layers.</summary>
    private static IReadOnlyList<(long Step, double Rise)> UpperRises(LayersEqualRun run) =>
        UpperHidden(run).SelectMany(run.Rises).GroupBy(r => r.Step).Select(g => (g.Key, g.Max(r => r.Rise))).OrderBy(r => r.Item1).ToList();

    /// <summary>"Mean over seeds of the largest upper rise at epochs 1, 2, 3: ...; it first reaches 0.05 at epoch 2" (or
    /// "stays below 0.05 at every probed epoch").</summary>
    private static string ByEpoch(IReadOnlyList<LayersEqualRun> fcn, IReadOnlyList<IReadOnlyList<(long Step, double Rise)>> largest)
    {
        if (fcn.Count == 0 || largest.Any(l => l.Count != largest[0].Count) || largest[0].Count == 0) return "";
        long perEpoch = fcn[0].StepsPerEpoch;
        var epochs = largest[0].Select(r => (double)r.Step / perEpoch).ToList();
        var means = Enumerable.Range(0, epochs.Count).Select(i => largest.Average(l => l[i].Rise)).ToList();
        int first = means.FindIndex(m => m >= RobustRise);
        return $"The mean over seeds of the largest upper rise at epochs {string.Join(", ", epochs.Select(Text))}: " +
            $"{string.Join(", ", means.Select(Signed))}; " +
            (first < 0 ? $"it stays below {Text(RobustRise)} at every probed epoch." : $"it first reaches {Text(RobustRise)} at epoch {Text(epochs[first])}.");
    }

    private static Claim MovesLess(string optimizer, IReadOnlyList<LayersEqualRun> fcn)
    {
        var ratios = fcn.Select(r => UpperHidden(r).Max(r.Moved) / r.Moved(r.Layers[0])).ToList();
        string moved = fcn.Count == 0 ? "" : string.Join(", ", fcn[0].Layers.Select(l => $"{l} {Text(fcn.Average(r => r.Moved(l)))}"));
        return OverSeeds($"{optimizer}-upper-layers-move-less",
            $"{optimizer}: the upper hidden layers of the FCN moved less from their initialization than the first (relative distance " +
            $"||W_T - W_0|| / ||W_0||, mean over seeds: {moved}; the output layer is not an upper hidden layer): per seed the largest " +
            $"upper hidden ratio over the first ({PerSeed(ratios)})",
            ratios, v => v < 1, "< 1", "robust layers hardly move");
    }

    private static Claim MoreRobust(string optimizer, IReadOnlyList<LayersEqualRun> fcn, IReadOnlyList<LayersEqualRun> residual)
    {
        var pairs = fcn.Join(residual, r => r.Seed, r => r.Seed, (f, r) => (Fcn: f, Residual: r)).ToList();
        var differences = pairs.Select(p => p.Residual.RobustFraction - p.Fcn.RobustFraction).ToList();
        return OverSeeds($"{optimizer}-residual-more-robust",
            $"{optimizer}: more layers of the residual MLP than of the FCN are robust (re-initializing the layer to its initial value at the " +
            $"end of training raises the test error by less than {Text(RobustRise)}): per seed the robust fraction of the residual MLP minus " +
            $"the FCN's ({string.Join("; ", pairs.Select(p => $"seed {p.Fcn.Seed}: {p.Residual.RobustLayers} of {p.Residual.Layers.Count} vs {p.Fcn.RobustLayers} of {p.Fcn.Layers.Count}"))})",
            differences, v => v > 0, "> 0", "ResNets redistribute sensitivity");
    }

    /// <summary>Both checks, over every run: the reopened run is the trained one (the heatmap's last column, the layer
    /// re-initialized to the final checkpoint, is the test error training recorded last), and the reinit probe's last value
    /// is the heatmap's step-0 column (the same quantity from the probe during training and from the saved checkpoints).</summary>
    public static IEnumerable<Claim> Checks(IReadOnlyList<LayersEqualRun> runs)
    {
        int seeds = runs.Select(r => r.Seed).Distinct().Count();
        double reopened = Largest(runs, r => Enumerable.Range(0, r.Layers.Count)
            .Select(l => Math.Abs(r.Table.Reinitialized[l, r.Table.CheckpointSteps.Count - 1] - (1 - r.Cell.Final("test_accuracy")))));
        double probe = Largest(runs, r => Enumerable.Range(0, r.Layers.Count)
            .Select(l => Math.Abs(r.Table.Reinitialized[l, 0] - r.Cell.Final(LayersEqualRun.ReinitError, r.Layers[l]))));
        yield return Claim.InRange("reopened-run-is-trained-run",
            "every layer of every run re-initialized to its final checkpoint gives the test error training recorded last: the largest difference",
            reopened, new Interval(0, SameError), null, "the reopened run is the trained one").AsCheck().OnSeeds(seeds);
        yield return Claim.InRange("probe-matches-checkpoints",
            "the reinit probe's last error of each layer equals the heatmap's step-0 column (the saved run's layer set to its initial value): the largest difference",
            probe, new Interval(0, SameError), null, "two paths to one number").AsCheck().OnSeeds(seeds);
    }

    /// <summary>The largest of the runs' values (NaN with no run or a NaN value).</summary>
    private static double Largest(IReadOnlyList<LayersEqualRun> runs, Func<LayersEqualRun, IEnumerable<double>> values)
    {
        var all = runs.SelectMany(values).ToList();
        return all.Count == 0 || all.Any(double.IsNaN) ? double.NaN : all.Max();
    }

    /// <summary>
    /// A claim measured once per seed: the mean with its 95% t interval over the seeds; it holds when both ends of the
    /// interval satisfy <paramref name="claimed"/> (fewer than two seeds give no interval, and no verdict but "does not hold").
    /// </summary>
    private static Claim OverSeeds(string name, string statement, IReadOnlyList<double> perSeed, Func<double, bool> claimed, string expected, string meaning)
    {
        var mean = perSeed.Count > 0 && !perSeed.Any(double.IsNaN) ? SampleMean.Of(perSeed) : null;
        var ci = mean?.ConfidenceInterval();
        bool holds = ci is { } i && claimed(i.Low) && claimed(i.High);
        return new Claim(name, statement, mean?.Mean ?? double.NaN, ci, $"CI {expected}", holds,
            $"{meaning}: the 95% t interval over the seeds, all of it {expected}").OnSeeds(perSeed.Count);
    }

    /// <summary>"rises, mean over seeds, from 0.17: layer1 0.39; layer2 0.02, ...".</summary>
    private static string MeanRises(IReadOnlyList<LayersEqualRun> fcn) => fcn.Count == 0 ? "no FCN run" :
        $"rises, mean over seeds, from {Text(fcn.Average(r => 1 - r.Cell.Final("test_accuracy")))}: " +
        string.Join(", ", fcn[0].Layers.Select(l => $"{l} {Signed(fcn.Average(r => r.FinalRise(l)))}"));

    private static string PerSeed(IReadOnlyList<double> values) => $"seeds: {string.Join(", ", values.Select(Text))}";
}
