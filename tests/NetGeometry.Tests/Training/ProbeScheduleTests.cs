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
    public void EpochMarksTheEndOfEveryEpoch() =>
        Assert.Equal(new long[] { 0, 3, 6, 9 }, ProbeSchedule.Parse("epoch", 9, 3).Steps);

    [Theory]
    [InlineData("every:0")]
    [InlineData("every")]
    [InlineData("sometimes")]
    public void BadSchedulesAreInputErrors(string text) =>
        Assert.Throws<InputException>(() => ProbeSchedule.Parse(text, 10, 5));
}
