using System.CommandLine;
using NetGeometry.Cli;
using NetGeometry.Engine;

namespace NetGeometry.Tests.Cli;

/// <summary>
/// The CLI says each field a library message names as the option that sets it on the command the user ran, and
/// leaves a field no option sets as the library named it.
/// </summary>
public class InputErrorsTests
{
    private static Command Find(string path) => path.Split(' ').Aggregate((Command)CommandLine.Build(),
        (command, name) => command.Subcommands.Single(c => c.Name == name));

    [Theory]
    [InlineData("train", "network.widths", "--widths")]
    [InlineData("train", "training.learningRate", "--lr")]
    [InlineData("train", "data.source", "--data")]
    [InlineData("train", "data.csvFile", "--csv")]
    [InlineData("ntk", "torchScript", "--torchscript")]
    [InlineData("ntk", "maxProducts", "--max-products")]
    [InlineData("ntk", "network.depth", "--depth")]
    [InlineData("bench du", "learningRate", "--lr")]
    [InlineData("bench ntk", "n", "--n")]
    [InlineData("sensitivity", "maxColumns", "--columns")]
    [InlineData("sensitivity", "training.checkpointSchedule", "--checkpoints")]
    [InlineData("complexity", "bandHalfWidth", "--band")]
    [InlineData("run", "maxMemory", "--max-memory")]
    [InlineData("run", "root", "--out")]
    [InlineData("train", "noSuchArgument", "noSuchArgument")]
    public void AFieldIsSaidAsTheOptionThatSetsIt(string command, string field, string option) =>
        Assert.Equal(option, InputErrors.Option(new InputField(field), Find(command)));

    [Fact]
    public void EverySpecFieldIsSaidOnTrainAsTheOptionSpecSchemaKnows()
    {
        var train = Find("train");
        foreach (var field in NetGeometry.Experiments.Specs.SpecSchema.Fields.Where(f => !f.IsSection))
            Assert.Equal(field.Option, InputErrors.Option(new InputField(field.Path), train));
    }

    [Fact]
    public void AMessageIsRenderedWithEachOfItsFieldsAsAnOption()
    {
        var e = new InputException($"{new InputField("network.model")} two-layer-relu takes one width; got {new InputField("network.widths")} 4,4.");
        Assert.Equal("--model two-layer-relu takes one width; got --widths 4,4.", InputErrors.Render(e.Text, Find("train")));
    }
}
