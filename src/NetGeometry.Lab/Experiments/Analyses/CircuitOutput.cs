using System.Globalization;
using System.Text;
using NetGeometry.Geometry.Quantum;
using NetGeometry.Reporting;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// A circuit-complexity computation's run directory: summaries (length, straight_length, ratio, converged, residual,
/// endpoint_error, integration_error, iterations, reached_q, steps), geodesic.csv (t, speed and every Pauli coefficient h_sigma(t) of
/// the geodesic) and two plots: plots/hamiltonian.png (the largest coefficients along the path) and
/// plots/accumulated_cost.png (length so far, geodesic against the straight path).
/// </summary>
public static class CircuitOutput
{
    public const string PathFile = "geodesic.csv";

    public static string Write(string root, string source, object settings, CircuitComplexityResult result) =>
        AnalysisOutput.Write(root, "circuit", new AnalysisSpec("circuit", source, settings), directory =>
        {
            var store = directory.Store;
            store.SetSummary("length", result.Length);
            store.SetSummary("straight_length", result.StraightLength);
            store.SetSummary("ratio", result.Ratio);
            store.SetSummary("converged", result.Converged ? 1 : 0);
            store.SetSummary("residual", result.Residual);
            store.SetSummary("endpoint_error", result.EndpointError);
            store.SetSummary("integration_error", result.IntegrationError);
            store.SetSummary("iterations", result.Stages.Sum(s => s.Iterations));
            store.SetSummary("reached_q", result.ReachedQ);
            store.SetSummary("steps", result.Steps);
            AnalysisOutput.AddFile(directory, PathFile, ArtifactKinds.Csv, stream => WritePath(stream, result));
            var hamiltonian = GeodesicPlot.RenderPng(GeodesicPlot.Hamiltonian(result));
            AnalysisOutput.AddFile(directory, "plots/hamiltonian.png", ArtifactKinds.Plot, stream => stream.Write(hamiltonian));
            var cost = GeodesicPlot.RenderPng(GeodesicPlot.AccumulatedCost(result));
            AnalysisOutput.AddFile(directory, "plots/accumulated_cost.png", ArtifactKinds.Plot, stream => stream.Write(cost));
        });

    private static void WritePath(Stream stream, CircuitComplexityResult result)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        writer.Write("t,speed," + string.Join(",", result.Terms) + "\n");
        for (int k = 0; k < result.Path.Length; k++)
            writer.Write(string.Join(",", new[] { (double)k / result.Steps, result.Speeds[k] }.Concat(result.Path[k])
                .Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "\n");
    }
}
