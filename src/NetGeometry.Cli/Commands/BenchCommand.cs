using System.CommandLine;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo bench: the parent of the benchmarks, one subcommand per work (ntk, hvp, ggn, du, block). Each times its work
/// beside a GEMM in the same process and prints the figures the peer comparison in bench/ needs.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench",
            "Benchmarks: time a computation and the machine's GEMM rate in the same process (bench/ runs them beside the PyTorch peer).\n\n" +
            "Example:\n  netgeo bench ntk --n 1000 --d 784 --width 512 --depth 3 --method structured --threads 2 --json");
        command.Subcommands.Add(BenchNtkCommand.Create());
        command.Subcommands.Add(BenchHvpCommand.Create());
        command.Subcommands.Add(BenchGgnCommand.Create());
        command.Subcommands.Add(BenchDuCommand.Create());
        command.Subcommands.Add(BenchBlockCommand.Create());
        return command;
    }
}
