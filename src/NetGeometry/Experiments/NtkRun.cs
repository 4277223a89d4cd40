using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Networks;
using NetGeometry.Reporting;
using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>An NTK computation ready to run: the spec as resolved (a source run's network and data filled in), the
/// network with its parameters set, the examples, and where the parameters come from.</summary>
public sealed record PreparedNtk(NtkSpec Spec, INetwork Network, Dataset Examples, string Source) : IDisposable
{
    public void Dispose()
    {
        Network.Dispose();
        Examples.Dispose();
    }
}

/// <summary>A finished NTK run: its directory and its results in order (numbers, and texts with Number = NaN).</summary>
public sealed record NtkOutcome(string RunDirectory, IReadOnlyList<Summary> Results);

/// <summary>
/// Runs an <see cref="NtkSpec"/>: <see cref="Prepare"/> builds the network and loads the examples (all input checked
/// before anything is written); <see cref="Execute"/> computes the kernel and its diagnostics (or, matrix-free, the
/// ends of its spectrum), compares it with the infinite-width kernel when there is one, and writes a run directory:
/// spec.json, results.sqlite (the results as summaries), plots/ntk_spectrum.png and plots/ntk_heatmap.png, and with
/// SaveNpy kernel.npy, eigenvalues.npy and examples.csv (which training example each kernel row is: <see cref="ExamplesCsv"/>).
/// </summary>
public static class NtkRun
{
    public const string SpectrumPlot = "plots/ntk_spectrum.png";
    public const string HeatmapPlot = "plots/ntk_heatmap.png";
    public const string KernelFile = "kernel.npy";
    public const string EigenvaluesFile = "eigenvalues.npy";
    /// <summary>The kernel's examples in row order (with --full, kernel row i o + a is output a of example i).</summary>
    public const string ExamplesFile = "examples.csv";

    public static PreparedNtk Prepare(NtkSpec spec)
    {
        spec.Validate();
        var (resolved, network, train, source) = spec.FromRun is null ? Fresh(spec) : FromRun(spec);
        Dataset? examples = null;
        try
        {
            int n = (int)Math.Min(spec.Examples, train.Count);
            resolved.RequireStorable(n, network.OutputDim);
            if (!resolved.MatrixFree)
                MemoryBudget.Require(NtkCost.Bytes(network, n, NtkMethods.Parse(resolved.Method), resolved.ToOptions().Output), $"the NTK of {n} examples");
            using var first = TorchSharp.torch.arange(n);
            examples = train.Subset(first);
            EmpiricalNtk.Validate(network, resolved.ToOptions(), examples.Inputs);
            return new PreparedNtk(resolved, network, examples, n < spec.Examples ? $"{source}; all {n} training examples" : source);
        }
        catch
        {
            examples?.Dispose();
            network.Dispose();
            throw;
        }
        finally
        {
            train.Dispose();
        }
    }

    /// <param name="progress">Told of each Lanczos convergence check (matrix-free runs).</param>
    public static NtkOutcome Execute(PreparedNtk prepared, string root, IProgress<LanczosProgress>? progress = null)
    {
        var (spec, network, examples, source) = prepared;
        using var run = RunDirectory.Create(root, spec.Name, spec.ToJson());
        var results = new List<Summary>
        {
            Text("source", source),
            Number("examples", examples.Count),
            Number("outputs", network.OutputDim),
            Number("parameters", network.ParameterCount()),
        };
        try
        {
            if (spec.MatrixFree) results.AddRange(MatrixFree(prepared, progress));
            else results.AddRange(Stored(prepared, run));
            foreach (var r in results)
                if (r.IsText) run.Store.SetSummary(r.Key, r.Text!);
                else run.Store.SetSummary(r.Key, r.Number);
        }
        catch (Exception e)
        {
            run.Finish(RunStatus.Failed, e.Message);
            throw;
        }
        run.Finish(RunStatus.Completed);
        return new NtkOutcome(run.Path, results);
    }

    private static IEnumerable<Summary> Stored(PreparedNtk prepared, RunDirectory run)
    {
        var (spec, network, examples, _) = prepared;
        var options = spec.ToOptions();
        using var analysis = NtkAnalysis.Of(network, examples.Inputs, examples.Targets, options);
        var s = analysis.Spectrum;
        var results = new List<Summary>
        {
            Text("method", NtkMethods.Name(analysis.Method)),
            Number("kernel_rows", s.Size),
            Number("seconds", analysis.Seconds),
            Number("trace", s.Trace),
            Number("lambda_max", s.LambdaMax),
            Number("lambda_min", s.LambdaMin),
            Number("condition_number", s.ConditionNumber),
            Number("effective_rank_entropy", s.EntropyEffectiveRank),
            Number("participation_ratio", s.ParticipationRatio),
        };
        if (analysis.TargetAlignment is { } alignment) results.Add(Number("target_alignment", alignment));
        var spectra = new List<(string, double[])> { ("empirical NTK", s.Eigenvalues) };
        if (analysis.Limit is { } limit)
        {
            results.Add(Text("limit", limit.Name));
            results.Add(Number("limit_relative_frobenius", limit.RelativeFrobeniusDistance));
            results.Add(Number("limit_relative_spectral", limit.RelativeSpectralDistance));
            results.Add(Number("limit_lambda_max", limit.Spectrum.LambdaMax));
            results.Add(Number("limit_lambda_min", limit.Spectrum.LambdaMin));
            spectra.Add(("infinite width", limit.Spectrum.Eigenvalues));
        }
        Directory.CreateDirectory(Path.Combine(run.Path, "plots"));
        string what = $"NTK ({NtkMethods.Name(analysis.Method)}, {(spec.Full ? "full" : "traced")}) of {network.Family} on {examples.Count} examples";
        Save(run, "ntk_spectrum", ArtifactKinds.Plot, SpectrumPlot, path => AtomicFile.WriteAllBytes(path, KernelPlots.SpectrumPng($"spectrum of the {what}", spectra)));
        Save(run, "ntk_heatmap", ArtifactKinds.Plot, HeatmapPlot, path => AtomicFile.WriteAllBytes(path, KernelPlots.HeatmapPng(what, analysis.Kernel, examples.Labels)));
        if (spec.SaveNpy)
        {
            Save(run, "kernel", ArtifactKinds.Array, KernelFile, path => AtomicFile.Write(path, stream => NpyFile.Write(stream, analysis.Kernel)));
            using var eigenvalues = TorchSharp.torch.tensor(s.Eigenvalues);
            Save(run, "eigenvalues", ArtifactKinds.Array, EigenvaluesFile, path => AtomicFile.Write(path, stream => NpyFile.Write(stream, eigenvalues)));
            Save(run, "examples", ArtifactKinds.Csv, ExamplesFile, path => AtomicFile.WriteText(path, writer => ExamplesCsv.Write(writer, examples, "train")));
        }
        return results;
    }

    private static IEnumerable<Summary> MatrixFree(PreparedNtk prepared, IProgress<LanczosProgress>? progress)
    {
        var (spec, network, examples, _) = prepared;
        var e = NtkExtremes.Of(network, examples.Inputs, spec.ToOptions(), spec.Tolerance, spec.MaxProducts, spec.Seed, progress);
        return new[]
        {
            Text("method", $"{NtkMethods.Name(e.Method)} operator, Lanczos"),
            Number("kernel_rows", e.Size),
            Number("seconds", e.Seconds),
            Number("lambda_max", e.LambdaMax),
            Number("lambda_min", e.LambdaMin),
            Number("condition_number", e.ConditionNumber),
            Number("residual_lambda_max", e.ResidualMax),
            Number("residual_lambda_min", e.ResidualMin),
            Number("products", e.Products),
            Number("converged", e.Converged ? 1 : 0),
        };
    }

    private static Summary Number(string key, double value) => new(key, value, null);

    private static Summary Text(string key, string value) => new(key, double.NaN, value);

    private static void Save(RunDirectory run, string name, string kind, string relativePath, Action<string> write)
    {
        write(Path.Combine(run.Path, relativePath));
        run.Store.AddArtifact(name, kind, relativePath);
    }

    private static (NtkSpec, INetwork, Dataset, string) Fresh(NtkSpec spec)
    {
        spec.RequireStorable(spec.Examples, outputs: 1); // before drawing or reading the examples: a refusal costs nothing
        var split = (spec.Data with { Train = spec.Examples, Test = 0 }).Load(spec.Seed);
        var train = split.Train;
        try
        {
            var network = spec.Network.Build((int)train.InputDim, (int)train.OutputDim, device: TorchRuntime.Device);
            network.Initialize(spec.Seed);
            return (spec, network, train, $"initialization (seed {spec.Seed})");
        }
        catch
        {
            split.Dispose();
            throw;
        }
    }

    /// <summary>The source run's network (with the checkpoint's parameters) and training set, which the NTK run now owns.</summary>
    private static (NtkSpec, INetwork, Dataset, string) FromRun(NtkSpec spec)
    {
        var checkpoint = SavedRun.At(spec.FromRun!, spec.Step);
        checkpoint.Data.Test?.Dispose();
        var source = checkpoint.Spec;
        var resolved = spec with { Network = source.Network, Data = source.Data, Seed = source.Seed, Step = checkpoint.Step };
        return (resolved, checkpoint.Network, checkpoint.Data.Train, checkpoint.Source);
    }
}
