using NetGeometry.Engine;
using NetGeometry.Experiments.Specs;
using NetGeometry.Networks;

namespace NetGeometry.Tests.Networks;

/// <summary>A NetworkSpec used from C# says what is wrong in its own words: the spec field, never a netgeo option.</summary>
public class NetworkSpecMessageTests
{
    [Fact]
    public void AnEmptyWidthsListNamesTheFieldAndNoOption()
    {
        var e = Assert.Throws<InputException>(() => new NetworkSpec { Widths = [] }.Build(3, 1));
        Assert.Equal("network.widths: give at least one width.", e.Message);
        Assert.DoesNotContain("--", e.Message);
        var field = Assert.Single(e.Fields);
        Assert.Equal("network.widths", field.Path);
        Assert.Equal("--widths", SpecSchema.Find(field.Path)?.Option);
    }

    [Fact]
    public void AModelWithTheWrongNumberOfWidthsNamesBothFields()
    {
        var e = Assert.Throws<InputException>(() => new NetworkSpec { Model = "mlp", Widths = [4, 4, 4], Depth = 3 }.Build(3, 1));
        Assert.Equal("network.depth 3 needs one width or 2 widths, got 3.", e.Message);
        Assert.Equal(new[] { "network.depth" }, e.Fields.Select(f => f.Path));
        var opt = Assert.Throws<InputException>(() => new NetworkSpec { OptLayers = ["layer1"] }.Build(3, 1));
        Assert.Equal("network.optLayers and network.soptFraction need network.opt METHOD.", opt.Message);
        Assert.All(opt.Fields, f => Assert.NotNull(SpecSchema.Find(f.Path)));
    }
}
