using NetGeometry.Engine;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Experiments.Reports;

/// <summary>
/// Writes the report of any folder netgeo made: a reproduction's, a sweep's or a run's report.html (a run's with its
/// plots, which a sweep cell does not write when it runs; then refreshes
/// the index of the runs folder it sits in), or, for a runs folder or the folder holding one, runs/index.html.
/// </summary>
public static class ReportWriter
{
    public static string Write(string folder)
    {
        folder = Path.GetFullPath(folder);
        InputException.Require(Directory.Exists(folder), $"{folder} does not exist; give a run, sweep or reproduction folder, or a runs folder.");
        string report;
        if (ReproductionReportPage.ReadMarker(folder) is { } marker)
        {
            ReproductionReportPage.Write(folder, ReproductionCatalog.Find(marker.Reproduction), marker.Profile);
            report = Path.Combine(folder, ReportFiles.ReportFile);
        }
        else if (SweepDirectory.IsSweep(folder))
            report = SweepReportPage.Write(folder);
        else if (File.Exists(Path.Combine(folder, RunDirectory.StoreFile)) && File.Exists(Path.Combine(folder, RunDirectory.SpecFile)))
        {
            using var store = ResultsStore.OpenExisting(Path.Combine(folder, RunDirectory.StoreFile), readOnly: false);
            var runs = store.Runs();
            InputException.Require(runs.Count == 1, $"{folder} holds {runs.Count} runs, not one; give the folder of a single run.");
            store.Continue(runs[0].Id);
            report = RunDirectory.WritePages(folder, store, runs[0].Id);
        }
        else if (Directory.Exists(Path.Combine(folder, RunDirectory.RunsFolder)))
            return IndexPage.Write(Path.Combine(folder, RunDirectory.RunsFolder));
        else if (Path.GetFileName(folder) == RunDirectory.RunsFolder)
            return IndexPage.Write(folder);
        else
            throw new InputException($"{folder} is not a run, sweep or reproduction folder (no spec.json with results.sqlite) nor a runs folder.");
        RefreshIndex(folder);
        return report;
    }

    /// <summary>Rewrites the index of the runs folder that <paramref name="folder"/> sits in, if it sits in one.</summary>
    public static void RefreshIndex(string folder)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(folder));
        if (parent is not null && Path.GetFileName(parent) == RunDirectory.RunsFolder) IndexPage.Write(parent);
    }
}
