using System.Text.RegularExpressions;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Reporting;
using NetGeometry.Training;

namespace NetGeometry.Experiments;

/// <summary>
/// The folder of one run, &lt;root&gt;/runs/&lt;name&gt;-&lt;yyyyMMdd-HHmmss, UTC&gt;/ (then -2, -3, ... if taken):
/// spec.json, results.sqlite (the run's <see cref="Store"/>, the recorder to train with, committed as it goes) and,
/// once <see cref="Finish"/> is called, metrics.csv and (unless it is a sweep cell) plots/&lt;metric&gt;.png and
/// report.html, each registered as an artifact.
/// </summary>
public sealed partial class RunDirectory : IDisposable
{
    public const string RunsFolder = "runs";
    public const string SpecFile = "spec.json";
    public const string StoreFile = "results.sqlite";
    public const string MetricsFile = "metrics.csv";
    public const string PlotsFolder = "plots";
    public const string ArraysFolder = "arrays";

    private RunDirectory(string path, ResultsStore store, long runId)
    {
        Path = path;
        Store = store;
        RunId = runId;
    }

    /// <summary>The run's folder (absolute).</summary>
    public string Path { get; }

    /// <summary>The run's results store, whose current run is this one; pass it to training as the recorder.</summary>
    public ResultsStore Store { get; }

    public long RunId { get; }

    /// <summary>
    /// Makes a new run folder under &lt;<paramref name="root"/>&gt;/runs, writes the spec there and begins the run in a
    /// new results store. <paramref name="name"/> becomes part of the folder name: letters, digits, '.', '_', '-'.
    /// <paramref name="clock"/> dates the folder and the run (the system clock unless given).
    /// </summary>
    public static RunDirectory Create(string root, string name, string specJson, TimeProvider? clock = null)
    {
        RequireValidName(name);
        clock ??= TimeProvider.System;
        var path = CreateUniqueFolder(System.IO.Path.Combine(System.IO.Path.GetFullPath(root), RunsFolder),
            $"{name}-{clock.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}");
        return Begin(path, name, specJson, clock);
    }

    /// <summary>Throws an <see cref="InputException"/> unless <paramref name="name"/> can be part of a folder name.</summary>
    public static void RequireValidName(string name) => InputException.Require(ValidName().IsMatch(name),
        $"run name '{name}' names a folder: use letters, digits, '.', '_' or '-', starting with a letter or digit.");

    /// <summary>
    /// Makes the run folder <paramref name="path"/> exactly (a sweep cell's; it must not exist yet, its parent may
    /// not either), writes the spec there and begins the run in a new results store.
    /// </summary>
    public static RunDirectory CreateAt(string path, string name, string specJson, TimeProvider? clock = null)
    {
        path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.Exists(path)) throw new IOException($"run folder {path} exists already.");
        Directory.CreateDirectory(path);
        return Begin(path, name, specJson, clock ?? TimeProvider.System);
    }

    private static RunDirectory Begin(string path, string name, string specJson, TimeProvider clock)
    {
        AtomicFile.WriteAllText(System.IO.Path.Combine(path, SpecFile), specJson);
        var store = ResultsStore.Open(System.IO.Path.Combine(path, StoreFile), clock);
        try
        {
            var runId = store.BeginRun(name, specJson);
            store.AddArtifact("spec", ArtifactKinds.Spec, SpecFile);
            return new RunDirectory(path, store, runId);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Records how the run ended, then exports metrics.csv, with <paramref name="exportArrays"/> (--keep all) every
    /// checkpoint as arrays/step-&lt;k&gt;/*.npy and, with <paramref name="writePages"/>, the run's pages: one plot per
    /// metric and report.html (a sweep cell writes none: its sweep's report covers it, and <see cref="WritePages"/>
    /// writes them on demand). Call it for every ending (completed, diverged, failed). Each step is attempted even if an
    /// earlier one fails; failures are thrown together afterwards as an <see cref="AggregateException"/>, with every
    /// other file written.
    /// </summary>
    public void Finish(RunStatus status, string? message = null, bool exportArrays = false, bool writePages = true)
    {
        var failures = new List<Exception>();
        void Attempt(Action step)
        {
            try { step(); }
            catch (Exception e) { failures.Add(e); }
        }

        Attempt(() => Store.FinishRun(status, message));
        var metrics = Store.Metrics(RunId);
        Attempt(() => ExportCsv(metrics));
        if (exportArrays) Attempt(ExportCheckpoints);
        if (writePages)
            foreach (var step in PageSteps(Path, Store, RunId, metrics)) Attempt(step);
        if (failures.Count > 0)
            throw new AggregateException($"finishing run {Path}: {failures.Count} step(s) failed; the results store keeps every recorded value.", failures);
    }

    /// <summary>
    /// Writes (again) the pages of the run <paramref name="runId"/> of <paramref name="store"/>, whose folder is
    /// <paramref name="path"/>: plots/&lt;metric&gt;.png, one per metric, and report.html, which embeds them; returns the
    /// report's path. The store's current run must be <paramref name="runId"/> (the pages are registered as its artifacts).
    /// </summary>
    public static string WritePages(string path, ResultsStore store, long runId)
    {
        foreach (var step in PageSteps(path, store, runId, store.Metrics(runId))) step();
        return System.IO.Path.Combine(path, Reports.ReportFiles.ReportFile);
    }

    /// <summary>The steps that write a run's pages, each apart: one plot per metric, then the report that embeds them.</summary>
    private static IEnumerable<Action> PageSteps(string path, ResultsStore store, long runId, IReadOnlyList<Metric> metrics)
    {
        var series = metrics.GroupBy(m => m.Name).ToList();
        var fileNames = PlotFileNames(series.Select(s => s.Key));
        foreach (var s in series)
            yield return () => ExportPlot(path, store, s.Key, s, fileNames[s.Key]);
        yield return () => Reports.RunReportPage.Write(path, store, runId);
    }

    /// <summary>Closes the results store. A run not finished stays 'running' in it.</summary>
    public void Dispose() => Store.Dispose();

    private void ExportCsv(IReadOnlyList<Metric> metrics)
    {
        AtomicFile.WriteText(System.IO.Path.Combine(Path, MetricsFile), writer => MetricsCsv.Write(writer, metrics));
        Store.AddArtifact("metrics", ArtifactKinds.Csv, MetricsFile);
    }

    /// <summary>Every checkpoint as NumPy arrays: arrays/step-&lt;k&gt;/&lt;layer&gt;.&lt;name&gt;.npy (float64).</summary>
    private void ExportCheckpoints()
    {
        foreach (var step in Store.CheckpointSteps(RunId))
        {
            using var snapshot = Store.LoadCheckpoint(RunId, step);
            var folder = $"{ArraysFolder}/step-{step}";
            Directory.CreateDirectory(System.IO.Path.Combine(Path, folder));
            foreach (var entry in snapshot.Entries)
            {
                var file = $"{folder}/{UnsafeFileCharacters().Replace(entry.Key, "_")}.npy";
                AtomicFile.Write(System.IO.Path.Combine(Path, file), stream => NpyFile.Write(stream, entry.Value));
                Store.AddArtifact(entry.Key, ArtifactKinds.Array, file);
            }
        }
    }

    private static void ExportPlot(string path, ResultsStore store, string metricName, IEnumerable<Metric> points, string fileName)
    {
        var png = MetricPlots.RenderPng(metricName, points);
        Directory.CreateDirectory(System.IO.Path.Combine(path, PlotsFolder));
        AtomicFile.WriteAllBytes(System.IO.Path.Combine(path, PlotsFolder, fileName), png);
        store.AddArtifact(metricName, ArtifactKinds.Plot, $"{PlotsFolder}/{fileName}");
    }

    /// <summary>
    /// A distinct file name per metric: the name with every character other than letters, digits, '.', '_', '-'
    /// replaced by '_', then "-2", "-3", ... where two names would otherwise collide.
    /// </summary>
    private static Dictionary<string, string> PlotFileNames(IEnumerable<string> metricNames)
    {
        var names = new Dictionary<string, string>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var metric in metricNames)
        {
            var stem = UnsafeFileCharacters().Replace(metric, "_");
            var file = $"{stem}.png";
            for (var n = 2; !taken.Add(file); n++) file = $"{stem}-{n}.png";
            names[metric] = file;
        }
        return names;
    }

    private static string CreateUniqueFolder(string parent, string leaf)
    {
        try
        {
            Directory.CreateDirectory(parent);
            var path = System.IO.Path.Combine(parent, leaf);
            for (var n = 2; System.IO.Path.Exists(path); n++) path = System.IO.Path.Combine(parent, $"{leaf}-{n}");
            Directory.CreateDirectory(path);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot create a run folder in {parent} ({e.Message}); choose a writable folder.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex ValidName();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeFileCharacters();
}
