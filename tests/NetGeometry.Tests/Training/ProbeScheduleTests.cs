using NetGeometry.Engine;
using NetGeometry.Training;

namespace NetGeometry.Tests.Training;

public class ProbeScheduleTests
{
    [Fact]
    public void EveryKIncludesInitializationAndTheLastStep()
    {
        Assert.Equal(new long[] { 0, 4, 8, 10 }, ProbeSchedule.Parse("every:4", 10, 5).Steps);
    }

    [Fact]
    public void LogSpacingCoversDecades()
    {
        var steps = ProbeSchedule.Parse("log:12", 1000, 100).Steps.ToList();
        Assert.Equal(0, steps[0]);
        Assert.Equal(1000, steps[^1]);
        Assert.Contains(steps, s => s is >= 1 and <= 3);
        Assert.Contains(steps, s => s is >= 20 and <= 60);
        Assert.InRange(steps.Count, 10, 13);
    }

    [Fact]
    public void DenseLogSchedulesAreEveryStepWithoutComputingEachPoint()
    {
        const long total = 50;
        long threshold = (long)Math.Ceiling(51 * Math.Log(51));
        var points = Enumerable.Range(1, (int)threshold).Select(i => (long)Math.Round(Math.Exp(Math.Log(51.0) * i / threshold) - 1.0));
        Assert.Equal(Enumerable.Range(0, 51).Select(s => (long)s), points.Append(0).Distinct().Order()); // the rule's premise
        Assert.Equal(points.Append(0).Distinct().Order(), ProbeSchedule.Parse($"log:{threshold}", total, 10).Steps);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(51, ProbeSchedule.Parse("log:2000000000", total, 10).Steps.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"log:2000000000 took {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void EpochMarksTheEndOfEveryEpoch() =>
        Assert.Equal(new long[] { 0, 3, 6, 9 }, ProbeSchedule.Parse("epoch", 9, 3).Steps);

    [Theory]
    [InlineData("every:0")]
    [InlineData("every")]
    [InlineData("sometimes")]
    public void BadSchedulesAreInputErrors(string text) =>
        Assert.Throws<InputException>(() => ProbeSchedule.Parse(text, 10, 5));
}
