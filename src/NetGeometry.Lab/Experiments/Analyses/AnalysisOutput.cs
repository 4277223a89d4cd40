using NetGeometry.Training;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// Writes an analysis into a run directory of its own, &lt;root&gt;/runs/&lt;name&gt;-&lt;UTC time&gt;/, like a training
/// run: spec.json (an <see cref="AnalysisSpec"/>), results.sqlite (metrics and summaries), metrics.csv and a plot per
/// metric, plus whatever files <paramref name="write"/> adds and registers. The analysed run's directory is never
/// written to. A failure while writing finishes the directory as failed and is rethrown.
/// </summary>
public static class AnalysisOutput
{
    public static string Write(string root, string name, AnalysisSpec spec, Action<RunDirectory> write)
    {
        using var directory = RunDirectory.Create(root, name, spec.ToJson());
        try
        {
            write(directory);
        }
        catch (Exception e)
        {
            directory.Finish(RunStatus.Failed, e.Message);
            throw;
        }
        directory.Finish(RunStatus.Completed);
        return directory.Path;
    }

    /// <summary>Writes a file of the run atomically (folders made as needed) and registers it as an artifact.</summary>
    public static void AddFile(RunDirectory directory, string relativePath, string kind, Action<Stream> write)
    {
        var full = Path.Combine(directory.Path, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        AtomicFile.Write(full, write);
        directory.Store.AddArtifact(Path.GetFileNameWithoutExtension(relativePath), kind, relativePath.Replace('\\', '/'));
    }

    /// <summary>Writes a text file of the run (UTF-8) as <see cref="AddFile"/> does.</summary>
    public static void AddText(RunDirectory directory, string relativePath, string kind, Action<TextWriter> write) =>
        AddFile(directory, relativePath, kind, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            write(writer);
        });

    /// <summary>Writes a report figure as figures/&lt;id&gt;.png, .svg and .csv and registers its PNG as a plot, which the
    /// directory's report.html shows.</summary>
    internal static void AddFigure(RunDirectory directory, Reporting.Figure figure)
    {
        Reports.ReportFiles.WriteFigure(directory.Path, figure);
        directory.Store.AddArtifact(figure.Title, ArtifactKinds.Plot, $"{Reports.ReportFiles.FiguresFolder}/{figure.Id}.png");
    }
}
