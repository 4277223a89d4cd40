using NetGeometry.Engine;

namespace NetGeometry.Tests.Engine;

/// <summary>
/// An InputException's message keeps the fields it names as fields: said by path in Message, listed in Fields, said
/// another way by Render; every other hole reads as in an ordinary interpolated string.
/// </summary>
public class InputMessageTests
{
    private static readonly InputField Widths = new("network.widths");
    private static readonly InputField Depth = new("network.depth");

    [Fact]
    public void FieldsAreSaidByPathInMessageAndByTheFrontEndsNameInRender()
    {
        var e = new InputException($"{Depth} {3} needs one width or 2 widths; give {Widths} once, got {Widths}.");
        Assert.Equal("network.depth 3 needs one width or 2 widths; give network.widths once, got network.widths.", e.Message);
        Assert.Equal(new[] { Depth, Widths }, e.Fields);
        Assert.Equal("--depth 3 needs one width or 2 widths; give --widths once, got --widths.",
            e.Text.Render(f => "--" + f.Path[(f.Path.IndexOf('.') + 1)..]));
    }

    [Fact]
    public void OtherHolesReadAsInAnInterpolatedString()
    {
        double x = 1234.5678;
        int? none = null;
        var e = new InputException($"a {x} b {x:G3} c {none} d {(long?)7}.");
        Assert.Equal($"a {x} b {x:G3} c {none} d {(long?)7}.", e.Message);
        Assert.Empty(e.Fields);
        Assert.Equal("plain text", new InputException("plain text").Message);
    }

    [Fact]
    public void AWrappingMessageKeepsTheFieldsOfTheOneItWraps()
    {
        var inner = new InputException($"{Widths} must be positive integers, got 0.");
        var outer = new InputException($"spec.json: {inner.Text}");
        Assert.Equal("spec.json: network.widths must be positive integers, got 0.", outer.Message);
        Assert.Equal(new[] { Widths }, outer.Fields);

        var said = new InputException(inner.Text.WithPaths(f => f == Widths));
        Assert.Equal(inner.Message, said.Message);
        Assert.Empty(said.Fields);
        Assert.Equal(inner.Message, said.Text.Render(_ => "--renamed"));
    }

    [Fact]
    public void LinesJoinMessagesOneALine()
    {
        var joined = new InputException(InputMessage.Lines(new InputMessage[] { $"a: {Widths} bad", "b: no field", $"c: {Depth} bad" }));
        Assert.Equal("a: network.widths bad\nb: no field\nc: network.depth bad", joined.Message);
        Assert.Equal(new[] { Widths, Depth }, joined.Fields);
    }
}
