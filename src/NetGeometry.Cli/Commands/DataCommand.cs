using System.CommandLine;

namespace NetGeometry.Cli.Commands;

/// <summary>netgeo data: the parent of the commands that manage datasets (fetch).</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data",
            "Datasets: fetch Fashion-MNIST ahead of time (commands that read it fetch it themselves when it is missing).\n\n" +
            "Example:\n  netgeo data fetch fashion-mnist");
        command.Subcommands.Add(DataFetchCommand.Create());
        return command;
    }
}
