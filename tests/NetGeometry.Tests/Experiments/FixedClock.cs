namespace NetGeometry.Tests.Experiments;

/// <summary>A clock that always says the same time, so that run folders and run times are known in advance.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly FixedClock NewYear2025 = new(new DateTimeOffset(2025, 1, 1, 12, 30, 45, TimeSpan.Zero));

    public DateTimeOffset Now { get; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
