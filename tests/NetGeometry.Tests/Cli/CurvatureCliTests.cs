using System.Text.Json;
using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests.Cli;

/// <summary>netgeo hessian and netgeo bench hvp, run as a user would.</summary>
public class CurvatureCliTests
{
    internal static string Train(TempFolder dir)
    {
        var r = Netgeo.Run(dir.Path, "train", "--model", "mlp", "--widths", "8", "--depth", "3", "--parameterization", "ntk",
            "--data", "sphere", "--train", "24", "--dim", "3", "--optimizer", "gd", "--lr", "0.5", "--steps", "20",
            "--checkpoints", "end", "--probe-schedule", "end", "--json", "--name", "tiny");
        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(Assert.Single(r.StdoutLines));
        return json.RootElement.GetProperty("run_dir").GetString()!;
    }

    private static List<JsonElement> Lines(Netgeo.Result r) =>
        r.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static double[] Doubles(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();

    [Fact]
    public void HessianOfACheckpointPerLayerWritesMetricsDensitiesAndPlots()
    {
        using var dir = new TempFolder();
        var trained = Train(dir);
        var r = Netgeo.Run(dir.Path, "hessian", "--run", trained, "--step", "20", "--matrices", "loss,ggn", "--per-layer",
            "--top-k", "3", "--trace-products", "12", "--density-probes", "2", "--density-steps", "12", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = Lines(r);
        // 2 matrices x (whole network + 3 layers); D = (3*8 + 8) + (8*8 + 8) + (8 + 1) = 113.
        Assert.Equal(8, lines.Count);
        var whole = lines.Single(l => l.GetProperty("matrix").GetString() == "loss_hessian" && !l.TryGetProperty("layer", out _));
        Assert.Equal(113, whole.GetProperty("dimension").GetInt64());
        foreach (var line in lines)
        {
            var values = Doubles(line, "eigenvalues");
            Assert.Equal(3, values.Length);
            Assert.True(values.Zip(values.Skip(1)).All(p => p.First >= p.Second), "largest first");
            Assert.True(line.GetProperty("converged").GetBoolean());
            Assert.True(line.GetProperty("trace_low").GetDouble() <= line.GetProperty("trace").GetDouble());
            Assert.True(line.GetProperty("trace").GetDouble() <= line.GetProperty("trace_high").GetDouble());
            if (line.GetProperty("matrix").GetString() == "ggn") Assert.True(values[^1] >= -1e-10 * values[0], "GGN is PSD");
        }
        // A layer block's top eigenvalue cannot exceed the whole matrix's (Cauchy interlacing).
        var wholeTop = Doubles(whole, "eigenvalues")[0];
        Assert.All(lines.Where(l => l.GetProperty("matrix").GetString() == "loss_hessian" && l.TryGetProperty("layer", out _)),
            l => Assert.True(Doubles(l, "eigenvalues")[0] <= wholeTop * (1 + 1e-9)));
        var runDir = whole.GetProperty("run_dir").GetString()!;
        foreach (var file in new[] { "spec.json", "results.sqlite", "metrics.csv", "density.csv", "plots/density-loss_hessian.png",
                     "plots/density-ggn-layer2.png", "plots/loss_hessian_eigenvalue_1.png" })
            Assert.True(File.Exists(Path.Combine(runDir, file)), file);
        var metrics = File.ReadAllLines(Path.Combine(runDir, "metrics.csv"));
        Assert.Contains(metrics, l => l.StartsWith("20,loss_hessian_eigenvalue_1,,"));
        Assert.Contains(metrics, l => l.StartsWith("20,ggn_trace,layer1,"));

        // At initialization (no --step) the network differs, and so does its Hessian.
        var init = Netgeo.Run(dir.Path, "hessian", "--run", trained, "--matrices", "loss", "--top-k", "1", "--trace-products", "6",
            "--density-probes", "1", "--density-steps", "4", "--json");
        Assert.Equal(0, init.ExitCode);
        Assert.NotEqual(wholeTop, Doubles(Assert.Single(Lines(init)), "eigenvalues")[0], 6);
    }

    [Fact]
    public void HessianOverBatchesGivesTheOneBatchSpectrum()
    {
        using var dir = new TempFolder();
        var trained = Train(dir);
        string[] common = { "hessian", "--run", trained, "--step", "20", "--matrices", "loss,fisher", "--top-k", "2", "--tol", "1e-9",
            "--trace-products", "6", "--density-probes", "1", "--density-steps", "4", "--json" };
        var one = Netgeo.Run(dir.Path, common);
        var batched = Netgeo.Run(dir.Path, common.Concat(new[] { "--batch-size", "5" }).ToArray()); // 24 examples: 5, 5, 5, 5, 4
        Assert.True(one.ExitCode == 0 && batched.ExitCode == 0, one.Stderr + batched.Stderr);
        Assert.Contains("24 examples in 5 batches", batched.Stderr);
        foreach (var (whole, parts) in Lines(one).Zip(Lines(batched)))
        {
            Assert.Equal(24, whole.GetProperty("batch_size").GetInt32());
            Assert.Equal(5, parts.GetProperty("batch_size").GetInt32());
            Assert.Equal(24, parts.GetProperty("examples").GetInt32());
            foreach (var (a, b) in Doubles(whole, "eigenvalues").Zip(Doubles(parts, "eigenvalues")))
                Assert.True(Math.Abs(a - b) <= 1e-8 * Math.Abs(a), $"{a} vs {b}");
            double trace = whole.GetProperty("trace").GetDouble();
            Assert.True(Math.Abs(trace - parts.GetProperty("trace").GetDouble()) <= 1e-8 * Math.Abs(trace));
        }
        var zero = Netgeo.Run(dir.Path, "hessian", "--run", trained, "--batch-size", "0");
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--batch-size must be 1 or more", Assert.Single(zero.StderrLines));
    }

    [Fact]
    public void HessianRejectsBadInputInOneLine()
    {
        using var dir = new TempFolder();
        var missing = Netgeo.Run(dir.Path, "hessian", "--run", Path.Combine(dir.Path, "nowhere"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no run directory", Assert.Single(missing.StderrLines));
        var trained = Train(dir);
        var step = Netgeo.Run(dir.Path, "hessian", "--run", trained, "--step", "7");
        Assert.Equal(2, step.ExitCode);
        Assert.Contains("no checkpoint at step 7", Assert.Single(step.StderrLines));
        var matrix = Netgeo.Run(dir.Path, "hessian", "--run", trained, "--matrices", "loss,hessians");
        Assert.Equal(2, matrix.ExitCode);
        Assert.Contains("hessians", Assert.Single(matrix.StderrLines));
        Assert.Single(Directory.GetDirectories(Path.Combine(dir.Path, "runs"))); // only the training run

        // Good input after bad: a plain-text report (a table, and where the run went).
        var plain = Netgeo.Run(dir.Path, "hessian", "--run", trained, "--matrices", "fisher", "--top-k", "2", "--trace-products", "6",
            "--density-probes", "1", "--density-steps", "4");
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Contains("fisher", plain.Stdout);
        Assert.Contains("run directory:", plain.Stdout);
    }

    [Fact]
    public void BenchHvpPrintsTimingsAndConvergedEigenvalues()
    {
        using var dir = new TempFolder();
        var r = Netgeo.Run(dir.Path, "bench", "hvp", "--n", "30", "--d", "5", "--width", "16", "--depth", "3", "--k", "3",
            "--tol", "1e-8", "--reps", "2", "--solver", "thick-restart", "--basis", "8", "--reference-tol", "1e-11", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var line = Assert.Single(Lines(r));
        Assert.True(line.GetProperty("seconds_per_hvp").GetDouble() > 0);
        Assert.True(line.GetProperty("seconds_top_k").GetDouble() > 0);
        Assert.True(line.GetProperty("converged").GetBoolean());
        Assert.Equal(5 * 16 + 16 * 16 + 16, line.GetProperty("params").GetInt64());
        var values = Doubles(line, "eigenvalues");
        Assert.Equal(3, values.Length);
        Assert.All(Doubles(line, "relative_residuals"), x => Assert.True(x <= 1e-8));
        Assert.Equal(values[0], line.GetProperty("power_top_eig").GetDouble(), 1e-6 * values[0]);
        Assert.True(line.GetProperty("seconds_in_products_top_k").GetDouble() > 0);
        Assert.True(line.GetProperty("max_relative_error").GetDouble() <= 1e-8);
    }

    [Fact]
    public void HelpShowsExamples()
    {
        using var dir = new TempFolder();
        Assert.Contains("netgeo hessian --run", Netgeo.Run(dir.Path, "hessian", "--help").Stdout);
        Assert.Contains("netgeo bench hvp --n 1000", Netgeo.Run(dir.Path, "bench", "hvp", "--help").Stdout);
    }
}
