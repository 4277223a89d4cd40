using NetGeometry.Experiments.Retention;
using NetGeometry.Experiments.Specs;
using NetGeometry.Experiments.Sweeps;
using NetGeometry.Reporting;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>How big a reproduction runs: Quick (about a minute on 2 cores; the tests run it) or Full (the paper's scale where the machine allows).</summary>
public enum Profile { Quick, Full }

/// <summary>
/// A paper's claim as a named experiment: a sweep per profile, then figures and claims computed from its results.
/// Adding one is one file: a public class with a parameterless constructor implementing this interface (the
/// <see cref="ReproductionCatalog"/> finds it), plus its tests.
/// </summary>
public interface IReproduction
{
    /// <summary>The name netgeo reproduce takes: lower case words joined by '-'.</summary>
    string Name { get; }

    /// <summary>One line: what it checks.</summary>
    string Description { get; }

    /// <summary>The paper it tests: authors, title, venue, arXiv number.</summary>
    string Paper { get; }

    /// <summary>The sweep of a profile and what that profile runs (for Full: what was scaled down and why).</summary>
    ReproductionPlan Plan(Profile profile);

    /// <summary>The figures and claims of a finished sweep (its cells may include some that diverged).</summary>
    ReproductionAnalysis Analyze(SweepResults results);
}

/// <summary>
/// A profile's sweep, one or two sentences on its scale compared with the paper's, and which of each cell's scheduled
/// checkpoints the analysis reads back (<see cref="SavedRun"/>): only those are written by default (--keep
/// checkpoints); none unless given.
/// </summary>
public sealed record ReproductionPlan(ExperimentSpec Sweep, string Scale, CheckpointUse? ReadsBack = null)
{
    /// <summary>The checkpoints the analysis reads back (<see cref="CheckpointUse.None"/> unless declared).</summary>
    public CheckpointUse Checkpoints => ReadsBack ?? CheckpointUse.None;

    /// <summary>What each cell computes when it is not a training run (null: each cell trains its spec).</summary>
    internal CellComputation? Computation { get; init; }
}

/// <summary>What a reproduction concludes: its figures (cross-run) and its claims, each with a verdict.</summary>
public sealed record ReproductionAnalysis(IReadOnlyList<Figure> Figures, IReadOnlyList<Claim> Claims);
