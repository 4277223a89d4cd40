namespace NetGeometry.Experiments.Retention;

/// <summary>
/// Which of a run's scheduled checkpoint steps an analysis reads back (a reproduction declares it in its
/// <see cref="Reproductions.ReproductionPlan"/>), as a rule on the schedule, since the steps depend on each cell's
/// data size and length.
/// </summary>
public sealed class CheckpointUse
{
    private readonly Func<RunSpec, IReadOnlyList<long>, IEnumerable<long>> select;

    private CheckpointUse(Func<IReadOnlyList<long>, IEnumerable<long>> select, string description)
        : this((_, schedule) => select(schedule), description)
    {
    }

    private CheckpointUse(Func<RunSpec, IReadOnlyList<long>, IEnumerable<long>> select, string description)
    {
        this.select = select;
        Description = description;
    }

    /// <summary>Reads no checkpoint back.</summary>
    public static CheckpointUse None { get; } = new(_ => [], "none");

    /// <summary>Reads every scheduled checkpoint back.</summary>
    public static CheckpointUse All { get; } = new(schedule => schedule, "every scheduled step");

    /// <summary>Reads the first <paramref name="count"/> scheduled steps (initialization first) and the last one back.</summary>
    public static CheckpointUse FirstAndLast(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new(schedule => schedule.Take(count).Concat(schedule.TakeLast(1)),
            $"the first {count} scheduled steps and the last");
    }

    /// <summary>A rule chosen by each run's spec (cells of one sweep whose analyses read different steps).</summary>
    public static CheckpointUse PerRun(Func<RunSpec, CheckpointUse> rule, string description) =>
        new((spec, schedule) => rule(spec).select(spec, schedule), description);

    /// <summary>These steps but step 0, which <see cref="SavedRun"/> rebuilds from the seed bit for bit, so it need not be stored.</summary>
    public CheckpointUse ButInitialization() =>
        new((spec, schedule) => select(spec, schedule).Where(step => step != 0), $"{Description}, step 0 rebuilt from the seed");

    /// <summary>In words, for reports and docs.</summary>
    public string Description { get; }

    /// <summary>The steps of <paramref name="schedule"/> (ascending) that are read back of the run <paramref name="spec"/>.</summary>
    public IReadOnlySet<long> Of(RunSpec spec, IReadOnlyCollection<long> schedule) => select(spec, schedule.Order().ToList()).ToHashSet();

    public override string ToString() => Description;
}
