using NetGeometry.Training;
using NetGeometry.Training.Probes;

namespace NetGeometry.Experiments.Analyses;

/// <summary>
/// The complexity analysis's run directory: at every checkpoint step, the path metrics (distance_from_init,
/// relative_distance_from_init, trajectory_length, straightness, per layer and total; function_space_length and
/// function_space_distance), the group-path metrics (generator_norm per layer, path_complexity, direct_cost,
/// geodesic_ratio), the kernel metrics (rkhs_norm, ntk_lambda_min, data_dependent_complexity) and the flow metrics (kinetic_energy and flow_length, per block and total) where the network has
/// them; the final checkpoint's whole-network values again as summaries.
/// </summary>
public static class ComplexityOutput
{
    public static string Write(string root, SavedRun run, ComplexityOptions options, IReadOnlyList<CheckpointComplexity> checkpoints) =>
        AnalysisOutput.Write(root, "complexity", new AnalysisSpec("complexity", run.Directory, options), directory =>
        {
            foreach (var checkpoint in checkpoints) directory.Store.Record(Metrics(checkpoint).ToList());
            foreach (var m in Metrics(checkpoints[^1]).Where(m => m.Layer is null && double.IsFinite(m.Value)))
                directory.Store.SetSummary(m.Name, m.Value);
        });

    public static IEnumerable<Metric> Metrics(CheckpointComplexity c)
    {
        foreach (var m in PathProbe.Metrics(c.Path, includeDistances: true)) yield return m;
        if (c.Group is { } group)
        {
            foreach (var layer in group.Layers) yield return new Metric(c.Step, "generator_norm", layer.Layer, layer.Norm);
            yield return new Metric(c.Step, "path_complexity", null, group.PathComplexity);
            yield return new Metric(c.Step, "direct_cost", null, group.DirectCost);
            yield return new Metric(c.Step, "geodesic_ratio", null, group.Ratio);
        }
        if (c.Kernel is { } kernel)
        {
            yield return new Metric(c.Step, "rkhs_norm", null, kernel.RkhsNorm);
            yield return new Metric(c.Step, "rkhs_kernel_lambda_min", null, kernel.LambdaMin);
            if (kernel.DataDependentComplexity is { } complexity) yield return new Metric(c.Step, "data_dependent_complexity", null, complexity);
        }
        if (c.Flow is { } flow)
        {
            for (int b = 0; b < flow.Blocks.Count; b++)
            {
                yield return new Metric(c.Step, "kinetic_energy", flow.Blocks[b], flow.BlockKineticEnergy[b]);
                yield return new Metric(c.Step, "flow_length", flow.Blocks[b], flow.BlockPathLength[b]);
            }
            yield return new Metric(c.Step, "kinetic_energy", null, flow.KineticEnergy);
            yield return new Metric(c.Step, "flow_length", null, flow.PathLength);
        }
    }
}
