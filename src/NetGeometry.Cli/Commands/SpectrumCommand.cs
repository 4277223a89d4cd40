using NetGeometry.Kernels.InfiniteWidth;
using System.CommandLine;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Spectral;
using Spectre.Console;
using static TorchSharp.torch;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo spectrum: the Funk-Hecke eigenvalues mu_l and multiplicities N(d, l) of a named zonal kernel on S^(d-1), and,
/// with --empirical, the spectrum of K/n on n sampled sphere points grouped into degree clusters beside them.
/// </summary>
public static class SpectrumCommand
{
    public static Command Create()
    {
        var command = new Command("spectrum",
            "Eigenvalues mu_l of a zonal kernel's integral operator on the sphere S^(d-1) (Funk-Hecke formula, by quadrature) " +
            "with their multiplicities N(d, l); with --empirical, the eigenvalues of K/n on n points uniform on the sphere (the " +
            "same points as 'netgeo train --data sphere --train n --dim d' with the same seed), grouped into degree clusters.\n\n" +
            "Examples:\n" +
            "  netgeo spectrum --kernel du --d 3 --max-degree 8\n" +
            "  netgeo spectrum --kernel du --d 10 --max-degree 6 --empirical --n 1000 --json\n" +
            "  netgeo spectrum --kernel du --d 3 --empirical --n 500 --width 5000     # Du et al.'s H(0)/n at width 5000");
        var kernel = new Option<string>("--kernel") { Description = $"Zonal kernel: {string.Join(", ", ZonalKernels.Names)} (du: Du et al.'s H-inf, Su & Yang's K).", DefaultValueFactory = _ => "du" };
        var dim = new Option<int>("--d") { Description = "Input dimension d: the sphere S^(d-1) in R^d (d >= 2).", DefaultValueFactory = _ => 3 };
        var maxDegree = new Option<int>("--max-degree") { Description = "Largest harmonic degree l.", DefaultValueFactory = _ => 8 };
        var empirical = new Option<bool>("--empirical") { Description = "Also eigen-decompose K/n on sampled sphere points and compare its degree clusters with mu_l." };
        var n = new Option<int>("--n") { Description = "Points for --empirical.", DefaultValueFactory = _ => 1000 };
        var width = new Option<int?>("--width") { Description = "With --empirical and --kernel du: use the finite-width H(0)/n of Du et al.'s network with m hidden units (drawn with --seed) instead of H-inf/n." };
        var common = new CommonOptions();
        foreach (var o in new Option[] { kernel, dim, maxDegree, empirical, n, width, common.Seed, common.Threads, common.MaxMemory, common.Device, common.Json })
            command.Options.Add(o);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var zonal = ZonalKernels.Named(parsed.GetValue(kernel)!);
            int d = parsed.GetValue(dim), points = parsed.GetValue(n);
            int? m = parsed.GetValue(width);
            bool sample = parsed.GetValue(empirical);
            InputException.Require(!sample || points > 0, $"--n must be positive, got {points}.");
            var sampling = GivenOptions.Among(parsed, [n, width, common.Seed]);
            InputException.Require(sample || sampling.Count == 0,
                $"{string.Join(" and ", sampling)} appl{(sampling.Count == 1 ? "ies" : "y")} with --empirical (the sampled points); add --empirical or leave {(sampling.Count == 1 ? "it" : "them")} out.");
            InputException.Require(m is null or > 0, $"--width must be positive, got {m}.");
            InputException.Require(m is null || zonal == ZonalKernels.Du, $"--width builds Du et al.'s finite-width H(0), whose limit is --kernel du, not {zonal.Name}.");
            if (sample) MemoryBudget.Require(EigenClusters.Bytes(points) + 8.0 * points * (m ?? 0), $"the {points} x {points} matrix K/n and its eigenvalues");
            var theory = FunkHecke.Eigenvalues(zonal, d, parsed.GetValue(maxDegree));
            using var clusters = sample ? Empirical(zonal, theory, points, m, parsed.GetValue(common.Seed)) : null;
            var matrix = m is null ? $"{(zonal == ZonalKernels.Du ? "H-inf" : "K")}/n" : $"H(0)/n (m = {m})";
            if (parsed.GetValue(common.Json)) PrintJson(theory, clusters, matrix);
            else PrintTable(zonal, theory, clusters, matrix);
            if (theory.Converged) return ExitCodes.Success;
            Console.Error.WriteLine($"netgeo: the quadrature did not reach its tolerance with {theory.Nodes} nodes: mu_l is not accurate (see quadrature_error); use a smaller --d or --max-degree.");
            return ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>K/n (or H(0)/n at width m) on the points a training run with the same seed would use, clustered.</summary>
    private static EigenClusters Empirical(ZonalKernel kernel, FunkHeckeSpectrum theory, int points, int? width, long seed)
    {
        using var data = new DataSpec { Source = "sphere", Train = points, Dim = theory.Dim }.Load(seed);
        var x = data.Train.Inputs;
        Tensor matrix;
        if (width is { } m)
        {
            using var net = new NetworkSpec { Model = "two-layer-relu", Widths = [m] }.Build(theory.Dim, 1);
            net.Initialize(seed);
            matrix = DuGram.Finite(x, ((TwoLayerRelu)net).Hidden.Weight);
        }
        else matrix = kernel.Gram(x);
        using (matrix)
        using (var overN = matrix.div(Held(points)))
            return EigenClusters.Of(overN, theory, keepVectors: false);
    }

    private static void PrintJson(FunkHeckeSpectrum theory, EigenClusters? clusters, string matrix)
    {
        foreach (var e in theory.Eigenvalues)
        {
            var fields = new Dictionary<string, object?>
            {
                ["kernel"] = theory.Kernel, ["d"] = theory.Dim, ["degree"] = e.Degree, ["multiplicity"] = e.Multiplicity,
                ["mu"] = e.Mu, ["quadrature_error"] = e.ErrorEstimate, ["quadrature_nodes"] = theory.Nodes,
            };
            if (clusters?.Clusters.FirstOrDefault(c => c.Degree == e.Degree) is { } c)
            {
                fields["matrix"] = matrix;
                fields["n"] = clusters.Count;
                fields["first_rank"] = c.FirstRank;
                fields["empirical_mean"] = c.Mean;
                fields["empirical_min"] = c.Min;
                fields["empirical_max"] = c.Max;
                fields["max_relative_deviation"] = c.MaxRelativeDeviation;
            }
            JsonLines.Write(fields);
        }
    }

    private static void PrintTable(ZonalKernel kernel, FunkHeckeSpectrum theory, EigenClusters? clusters, string matrix)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(kernel.Name)}[/]: {Markup.Escape(kernel.Formula)}, on S^{theory.Dim - 1} (d = {theory.Dim})");
        var table = new Table()
            .AddColumn(new TableColumn("l").RightAligned()).AddColumn(new TableColumn("N(d,l)").RightAligned())
            .AddColumn(new TableColumn("mu_l").RightAligned()).AddColumn(new TableColumn("quad err").RightAligned());
        if (clusters is not null)
            foreach (var heading in new[] { "ranks", "mean", "min/mu-1", "max/mu-1" })
                table.AddColumn(new TableColumn(heading).RightAligned());
        foreach (var e in theory.Eigenvalues)
        {
            var row = new List<string> { e.Degree.ToString(), e.Multiplicity < 1e9 ? e.Multiplicity.ToString("0") : e.Multiplicity.ToString("0.###E+0"), Compact(e.Mu), e.ErrorEstimate.ToString("0E+0") };
            if (clusters is not null)
            {
                var c = clusters.Clusters.FirstOrDefault(c => c.Degree == e.Degree);
                row.AddRange(c is null
                    ? ["", "", "", ""]
                    : [$"{c.FirstRank + 1}-{c.FirstRank + c.Eigenvalues.Length}", Compact(c.Mean), Relative(c.Min, c.Mu), Relative(c.Max, c.Mu)]);
            }
            table.AddRow(row.ToArray());
        }
        AnsiConsole.Write(table);
        foreach (var line in Notes(theory, clusters, matrix)) AnsiConsole.WriteLine(line);
    }

    private static string Compact(double value) => Math.Abs(value) >= 1e-3 ? value.ToString("G5") : value.ToString("0.000E+0");

    private static string Relative(double value, double mu) => (value / mu - 1).ToString("+0.0%;-0.0%");

    private static IEnumerable<string> Notes(FunkHeckeSpectrum theory, EigenClusters? clusters, string matrix)
    {
        yield return $"mu_l by Gauss-Legendre quadrature in theta = arccos t, {theory.Nodes} nodes{(theory.Converged ? "" : " (tolerance not met)")}; " +
            "quadrature error = change from half as many nodes.";
        if (clusters is null) yield break;
        string next = clusters.Assigned < clusters.Count ? $"; the largest eigenvalue outside them is {clusters.Spectrum[clusters.Assigned]:G4}" : "";
        yield return $"Eigenvalues of {matrix} on n = {clusters.Count} points uniform on the sphere, one cluster of N(d,l) per degree: " +
            $"their ranks, mean, and smallest and largest relative to mu_l; the clusters take the top {clusters.Assigned}{next}.";
        yield return "Degrees with mu_l = 0, or whose N(d, l) eigenvalues no longer fit in n, get no cluster.";
    }
}
