using System.Globalization;
using NetGeometry.Data;
using NetGeometry.Experiments.Reports;
using NetGeometry.Landscapes;
using NetGeometry.Reporting;
using static TorchSharp.torch;

namespace NetGeometry.Experiments.Analyses.Landscapes;

/// <summary>
/// netgeo landscape's run directory, runs/landscape-&lt;UTC time&gt;/ (<see cref="AnalysisOutput"/>): summaries
/// (origin_loss, origin_accuracy, barrier_&lt;line&gt;, &lt;plane&gt;_explained_variance_1/2); lines.csv (line, t, loss,
/// accuracy); path.csv (step, t on the initialization-to-final line, loss, accuracy); for each plane
/// &lt;plane&gt;/grid.csv (a, b, loss, accuracy) and as NumPy arrays a.npy, b.npy, loss.npy (a x b), accuracy.npy,
/// directions.npy (2 x parameters) and, for the trajectory's plane, path.npy (step, a, b per checkpoint); figures/ with
/// each line's plot and each plane's contour (PNG and SVG), shown in report.html.
/// </summary>
internal static class LandscapeOutput
{
    public static string Write(string root, PreparedLandscape prepared, LandscapeResult result) =>
        AnalysisOutput.Write(root, "landscape", prepared.Output, directory =>
        {
            var store = directory.Store;
            store.SetSummary("origin_loss", result.Origin.Loss);
            if (result.Origin.Accuracy is { } accuracy) store.SetSummary("origin_accuracy", accuracy);
            store.SetSummary("seconds", result.Seconds);
            foreach (var line in result.Lines) store.SetSummary($"barrier_{line.Name}", line.Barrier);
            if (result.Lines.Count > 0)
            {
                AnalysisOutput.AddText(directory, "lines.csv", ArtifactKinds.Csv, writer =>
                {
                    writer.Write("line,t,loss,accuracy\n");
                    foreach (var line in result.Lines)
                        for (int i = 0; i < line.T.Length; i++)
                            writer.Write($"{line.Name},{N(line.T[i])},{N(line.Points[i].Loss)},{N(line.Points[i].Accuracy)}\n");
                });
                AnalysisOutput.AddText(directory, "path.csv", ArtifactKinds.Csv, writer =>
                {
                    writer.Write("step,t,loss,accuracy\n");
                    foreach (var q in result.Path) writer.Write($"{q.Step},{N(q.T)},{N(q.Point.Loss)},{N(q.Point.Accuracy)}\n");
                });
                AnalysisOutput.AddFigure(directory, LineFigure(result, "loss", q => q.Loss));
                if (result.Origin.Accuracy is not null) AnalysisOutput.AddFigure(directory, LineFigure(result, "accuracy", q => q.Accuracy ?? double.NaN));
            }
            foreach (var plane in result.Planes) WritePlane(directory, plane);
        });

    private static void WritePlane(RunDirectory directory, LandscapePlane plane)
    {
        var store = directory.Store;
        if (plane.Name == LandscapeSpec.Pca && plane.Path is { } path)
            AnalysisOutput.AddFile(directory, $"{plane.Name}/path.npy", ArtifactKinds.Array,
                s => NpyFile.Write(s, path.SelectMany(q => new[] { q.Step, q.A, q.B }).ToArray(), [path.Count, 3]));
        int na = plane.A.Length, nb = plane.B.Length;
        var loss = new double[na * nb];
        var accuracy = new double[na * nb];
        for (int i = 0; i < na; i++)
            for (int j = 0; j < nb; j++) (loss[i * nb + j], accuracy[i * nb + j]) = (plane.Points[i, j].Loss, plane.Points[i, j].Accuracy ?? double.NaN);
        AnalysisOutput.AddFile(directory, $"{plane.Name}/a.npy", ArtifactKinds.Array, s => NpyFile.Write(s, plane.A, [na]));
        AnalysisOutput.AddFile(directory, $"{plane.Name}/b.npy", ArtifactKinds.Array, s => NpyFile.Write(s, plane.B, [nb]));
        AnalysisOutput.AddFile(directory, $"{plane.Name}/loss.npy", ArtifactKinds.Array, s => NpyFile.Write(s, loss, [na, nb]));
        if (plane.Points[0, 0].Accuracy is not null)
            AnalysisOutput.AddFile(directory, $"{plane.Name}/accuracy.npy", ArtifactKinds.Array, s => NpyFile.Write(s, accuracy, [na, nb]));
        AnalysisOutput.AddFile(directory, $"{plane.Name}/directions.npy", ArtifactKinds.Array, s =>
        {
            using var directions = stack([plane.First, plane.Second], 0);
            NpyFile.Write(s, directions);
        });
        AnalysisOutput.AddText(directory, $"{plane.Name}/grid.csv", ArtifactKinds.Csv, writer =>
        {
            writer.Write("a,b,loss,accuracy\n");
            for (int i = 0; i < na; i++)
                for (int j = 0; j < nb; j++) writer.Write($"{N(plane.A[i])},{N(plane.B[j])},{N(plane.Points[i, j].Loss)},{N(plane.Points[i, j].Accuracy)}\n");
        });
        store.SetSummary($"{plane.Name}_note", plane.Note);
        if (plane.ExplainedVariance is { } shares)
            for (int k = 0; k < shares.Count; k++) store.SetSummary($"{plane.Name}_explained_variance_{k + 1}", shares[k]);
        var figures = Path.Combine(directory.Path, ReportFiles.FiguresFolder);
        Directory.CreateDirectory(figures);
        AtomicFile.WriteAllBytes(Path.Combine(figures, $"landscape-{plane.Name}.png"), LandscapeContour.RenderPng(plane.Drawing));
        AtomicFile.WriteAllText(Path.Combine(figures, $"landscape-{plane.Name}.svg"), LandscapeContour.RenderSvg(plane.Drawing));
        store.AddArtifact($"{plane.Title} ({plane.Note})", ArtifactKinds.Plot, $"{ReportFiles.FiguresFolder}/landscape-{plane.Name}.png");
    }

    /// <summary>The lines' loss (or accuracy) against t, with the recorded checkpoints at their projection on the first line.</summary>
    private static Figure LineFigure(LandscapeResult result, string quantity, Func<LandscapePoint, double> value)
    {
        var series = result.Lines.Select(l => new ChartSeries($"{l.Title} (barrier {l.Barrier:G3})", l.T, l.Points.Select(value).ToList(), SeriesStyle.Line)).ToList();
        if (result.Path.Count > 0)
            series.Add(new ChartSeries("recorded checkpoints, at their projection on the line", result.Path.Select(q => q.T).ToList(),
                result.Path.Select(q => value(q.Point)).ToList(), SeriesStyle.Points));
        return new Figure($"line-{quantity}", $"The {quantity} on straight lines and along the training path",
            $"The {quantity} at theta_a + t (theta_b - theta_a), t from -0.5 to 1.5 (Goodfellow et al. 2015), beside the {quantity} at each recorded checkpoint, " +
            "placed at its projection on the line from initialization to the final weights; the barrier is the largest rise above the straight line between the end values.",
            new Chart(new ChartAxis("t"), new ChartAxis(quantity, AxisScale.Linear), series));
    }

    private static string N(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
