using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Reporting;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Experiments;

/// <summary>
/// An NTK computation ready to run: the spec as resolved (a source run's network and data filled in), the model with its
/// parameters set (a built-in network's, or a TorchScript file's), the built-in network when there is one (for its
/// infinite-width limit), the model's name, the examples and their inputs as the model takes them, the checked plan,
/// and where the parameters come from.
/// </summary>
public sealed record PreparedNtk(NtkSpec Spec, Model Model, INetwork? Network, string ModelName, Dataset Examples, Tensor Inputs,
    NtkPlan Plan, string Source) : IDisposable
{
    public void Dispose()
    {
        Model.Dispose();
        Network?.Dispose();
        Inputs.Dispose();
        Examples.Dispose();
    }
}

/// <summary>A finished NTK run: its directory and its results in order (numbers, and texts with Number = NaN).</summary>
public sealed record NtkOutcome(string RunDirectory, IReadOnlyList<Summary> Results);

/// <summary>
/// Runs an <see cref="NtkSpec"/>: <see cref="Prepare"/> builds the network and loads the examples (all input checked
/// before anything is written); <see cref="Execute"/> computes the kernel and its diagnostics (or, matrix-free, the
/// largest eigenvalues, lambda_min and spectral density), compares it with the infinite-width kernel when there is one, and writes a run directory:
/// spec.json, results.sqlite (the results as summaries), plots/ntk_spectrum.png and plots/ntk_heatmap.png (matrix-free:
/// plots/ntk_density.png with Density), and with
/// SaveNpy kernel.npy, eigenvalues.npy and examples.csv (which training example each kernel row is: <see cref="ExamplesCsv"/>).
/// </summary>
public static class NtkRun
{
    public const string SpectrumPlot = "plots/ntk_spectrum.png";
    public const string HeatmapPlot = "plots/ntk_heatmap.png";
    /// <summary>The matrix-free spectral density (with Density).</summary>
    public const string DensityPlot = "plots/ntk_density.png";
    public const string KernelFile = "kernel.npy";
    public const string EigenvaluesFile = "eigenvalues.npy";
    /// <summary>The kernel's examples in row order (with --full, kernel row i o + a is output a of example i).</summary>
    public const string ExamplesFile = "examples.csv";

    public static PreparedNtk Prepare(NtkSpec spec)
    {
        spec.Validate();
        spec.RequireStorable(spec.Examples, outputs: 1); // before drawing or reading the examples: a refusal costs nothing
        var (resolved, network, train, source) = spec.FromRun is not null ? FromRun(spec) : Fresh(spec);
        Model? model = null;
        Dataset? examples = null;
        Tensor? inputs = null;
        try
        {
            int n = (int)Math.Min(spec.Examples, train.Count);
            using (var first = TorchSharp.torch.arange(Held(0), Held(n), Held(1))) examples = train.Subset(first);
            inputs = spec.InputShape is { } shape ? examples.ShapedInputs(shape) : examples.Inputs.alias();
            model = network?.AsModel() ?? TorchScriptFile.Load(spec.TorchScript!);
            var options = resolved.ToOptions();
            var plan = network is not null ? EmpiricalNtk.Validate(network, options, inputs) : EmpiricalNtk.Validate(model, options, inputs);
            resolved.RequireStorable(n, plan.Outputs);
            if (!resolved.MatrixFree) MemoryBudget.Require(NtkCost.Bytes(plan, n, options.Output), $"the NTK of {n} examples");
            string name = network?.Family ?? Path.GetFileName(spec.TorchScript!);
            return new PreparedNtk(resolved, model, network, name, examples, inputs, plan,
                n < spec.Examples ? $"{source}; all {n} training examples" : source);
        }
        catch
        {
            model?.Dispose();
            inputs?.Dispose();
            examples?.Dispose();
            network?.Dispose();
            throw;
        }
        finally
        {
            train.Dispose();
        }
    }

    /// <param name="progress">Told of each Lanczos convergence check (matrix-free runs).</param>
    /// <param name="products">Told of the products done for the spectral density (matrix-free runs with Density).</param>
    /// <param name="preconditioner">Told the fraction of lambda_min's preconditioner built, while it is built
    /// (matrix-free runs on the structured operator).</param>
    public static NtkOutcome Execute(PreparedNtk prepared, string root, IProgress<LanczosProgress>? progress = null,
        IProgress<ProductProgress>? products = null, IProgress<double>? preconditioner = null)
    {
        var (spec, examples, source) = (prepared.Spec, prepared.Examples, prepared.Source);
        using var run = RunDirectory.Create(root, spec.Name, spec.ToJson());
        var results = new List<Summary>
        {
            Text("source", source),
            Number("examples", examples.Count),
            Number("outputs", prepared.Plan.Outputs),
            Number("parameters", prepared.Network?.ParameterCount() ?? prepared.Model.Dimension),
        };
        try
        {
            if (spec.MatrixFree) results.AddRange(MatrixFree(prepared, run, progress, products, preconditioner));
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
        var (spec, examples) = (prepared.Spec, prepared.Examples);
        var options = spec.ToOptions();
        using var analysis = prepared.Network is { } network
            ? NtkAnalysis.Of(network, prepared.Inputs, examples.Targets, options)
            : NtkAnalysis.Of(prepared.Model, prepared.Inputs, examples.Targets, options);
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
        string what = $"NTK ({NtkMethods.Name(analysis.Method)}, {(spec.Full ? "full" : "traced")}) of {prepared.ModelName} on {examples.Count} examples";
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

    /// <summary>On the NTK operator, never stored: the TopK largest eigenvalues by Lanczos, lambda_min unless NoMin, and
    /// with Density the spectral density by stochastic Lanczos quadrature (Ubaru, Chen &amp; Saad 2017, sec. 3), plotted
    /// as the hessian command plots its densities.</summary>
    private static IEnumerable<Summary> MatrixFree(PreparedNtk prepared, RunDirectory run, IProgress<LanczosProgress>? lanczos,
        IProgress<ProductProgress>? products, IProgress<double>? preconditioner)
    {
        var spec = prepared.Spec;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var op = NtkOperator.Create(prepared.Model, prepared.Inputs, spec.ToOptions());
        int k = (int)Math.Min(spec.TopK, op.Dimension);
        using var top = op.Largest(k, spec.Tolerance, spec.MaxProducts, spec.Seed, lanczos);
        var results = new List<Summary>
        {
            Text("method", $"{NtkMethods.Name(op.Method)} operator, Lanczos" +
                (!spec.NoMin && op.PreconditionsSmallest ? "; lambda_min by LOBPCG with a sparse inverse Cholesky preconditioner" : "")),
            Number("kernel_rows", op.Dimension),
            Number("lambda_max", top.Values[0]),
            Number("residual_lambda_max", top.RelativeResiduals[0]),
        };
        for (int i = 1; i < k; i++)
        {
            results.Add(Number($"eigenvalue_{i + 1}", top.Values[i]));
            results.Add(Number($"residual_eigenvalue_{i + 1}", top.RelativeResiduals[i]));
        }
        results.Add(Number("top_products", top.Products));
        bool converged = top.Converged;
        if (!spec.NoMin)
        {
            using var bottom = op.Smallest(1, spec.Tolerance, spec.MaxProducts, spec.Seed, lanczos, preconditioner);
            double lambdaMin = bottom.Values[0];
            results.Add(Number("lambda_min", lambdaMin));
            results.Add(Number("residual_lambda_min", bottom.RelativeResiduals[0]));
            results.Add(Number("condition_number", lambdaMin > 0 ? top.Values[0] / lambdaMin : double.PositiveInfinity));
            results.Add(Number("min_products", bottom.Products));
            converged &= bottom.Converged;
        }
        if (spec.Density) results.AddRange(Density(op, top.Values, prepared, run, products));
        results.Add(Number("products", op.Products));
        results.Add(Number("converged", converged ? 1 : 0));
        results.Add(Number("seconds", clock.Elapsed.TotalSeconds));
        return results;
    }

    /// <summary>The density's SLQ trace estimate D (1/n_v) sum tau theta, its products and smoothing width, and its plot
    /// (<see cref="DensityPlot"/>) with the Lanczos eigenvalues marked.</summary>
    private static IEnumerable<Summary> Density(NtkOperator op, double[] top, PreparedNtk prepared, RunDirectory run,
        IProgress<ProductProgress>? progress)
    {
        var spec = prepared.Spec;
        var reporting = ReportingOperator.Around(op, "density (SLQ)", spec.DensityProbes * (int)Math.Min(spec.DensitySteps, op.Dimension), progress);
        var density = SpectralDensity.Estimate(reporting, spec.DensityProbes, spec.DensitySteps, spec.Seed);
        double sigma = spec.Sigma ?? density.DefaultSigma;
        var grid = density.Grid(Analyses.HessianAnalysis.GridPoints, sigma);
        var values = density.Evaluate(grid, sigma);
        Directory.CreateDirectory(Path.Combine(run.Path, RunDirectory.PlotsFolder));
        Save(run, "ntk_density", ArtifactKinds.Plot, DensityPlot, path => AtomicFile.WriteAllBytes(path, SpectralDensityPlot.RenderPng(
            $"NTK of {prepared.ModelName} on {prepared.Examples.Count} examples: spectral density", grid, values, top)));
        return new[]
        {
            Number("density_trace", density.Trace),
            Number("density_products", density.Products),
            Number("sigma", sigma),
        };
    }

    private static Summary Number(string key, double value) => new(key, value, null);

    private static Summary Text(string key, string value) => new(key, double.NaN, value);

    private static void Save(RunDirectory run, string name, string kind, string relativePath, Action<string> write)
    {
        write(Path.Combine(run.Path, relativePath));
        run.Store.AddArtifact(name, kind, relativePath);
    }

    /// <summary>The training set and, unless the spec names a TorchScript file, a network built and initialized from the seed.</summary>
    private static (NtkSpec, INetwork?, Dataset, string) Fresh(NtkSpec spec)
    {
        var split = (spec.Data with { Train = spec.Examples, Test = 0 }).Load(spec.Seed);
        var train = split.Train;
        if (spec.TorchScript is not null) return (spec, null, train, $"{Path.GetFileName(spec.TorchScript)} as saved");
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
    private static (NtkSpec, INetwork?, Dataset, string) FromRun(NtkSpec spec)
    {
        var checkpoint = SavedRun.At(spec.FromRun!, spec.Step);
        checkpoint.Data.Test?.Dispose();
        var source = checkpoint.Spec;
        var resolved = spec with { Network = source.Network, Data = source.Data, Seed = source.Seed, Step = checkpoint.Step };
        return (resolved, checkpoint.Network, checkpoint.Data.Train, checkpoint.Source);
    }
}
