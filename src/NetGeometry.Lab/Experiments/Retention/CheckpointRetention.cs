namespace NetGeometry.Experiments.Retention;

/// <summary>
/// What a run writes of its checkpoints: the scheduled steps saved in results.sqlite (<see cref="Steps"/>; the others
/// are never written) and whether they are also exported as NumPy arrays, arrays/step-&lt;k&gt;/*.npy.
/// </summary>
public sealed record CheckpointRetention(CheckpointUse Steps, bool Arrays)
{
    /// <summary>Every scheduled checkpoint, in the store and as arrays (--keep all).</summary>
    public static CheckpointRetention Everything { get; } = new(CheckpointUse.All, Arrays: true);

    /// <summary>For a run or sweep that no analysis of netgeo's follows: --keep checkpoints keeps every scheduled
    /// checkpoint in the store (what energy, hessian, sensitivity, complexity and ntk --from-run read), none keeps
    /// none.</summary>
    public static CheckpointRetention For(Keep keep) => keep switch
    {
        Keep.All => Everything,
        Keep.None => new(CheckpointUse.None, Arrays: false),
        _ => new(CheckpointUse.All, Arrays: false),
    };

    /// <summary>For a reproduction whose analysis reads <paramref name="read"/> back: those steps alone but step 0, which
    /// the seed rebuilds (--keep checkpoints or none: the analysis needs them, and so does its report when it is written
    /// again), or everything.</summary>
    public static CheckpointRetention ForAnalysis(Keep keep, CheckpointUse read) =>
        keep == Keep.All ? Everything : new(read.ButInitialization(), Arrays: false);
}
