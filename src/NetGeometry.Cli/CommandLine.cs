using System.CommandLine;
using NetGeometry.Cli.Commands;
using NetGeometry.Engine;

namespace NetGeometry.Cli;

/// <summary>
/// The netgeo command: parses, then hands over to one command's action. Usage errors and bad input end with one line
/// on stderr and exit status 2; no stack trace reaches the user.
/// </summary>
public static class CommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "netgeo: measure the geometry of over-parameterized neural networks (tangent kernels, curvature, training " +
            "paths) and test what the theory claims about them.\n\nExample:\n  netgeo train --model mlp --widths 256 --data fashion-mnist --epochs 5");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ReproduceCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(RepairCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        root.Subcommands.Add(CollectCommand.Create());
        root.Subcommands.Add(NtkCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(HessianCommand.Create());
        root.Subcommands.Add(EnergyCommand.Create());
        root.Subcommands.Add(SpectrumCommand.Create());
        root.Subcommands.Add(SensitivityCommand.Create());
        root.Subcommands.Add(WeightsCommand.Create());
        root.Subcommands.Add(LandscapeCommand.Create());
        root.Subcommands.Add(ComplexityCommand.Create());
        root.Subcommands.Add(CircuitCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        OptionRanges.Apply(root);
        return root;
    }

    public static int Run(string[] args)
    {
        var parsed = Build().Parse(args);
        if (UsageErrors.Find(parsed) is { } usage) return Fail(usage);
        try
        {
            return TensorLifetime.Hold(() => parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
        }
        catch (InputException e)
        {
            return Fail(InputErrors.Render(e.Text, parsed.CommandResult.Command));
        }
        catch (Exception e)
        {
            // A defect, not bad input: still one line, and what was recorded stays in the run directory.
            Console.Error.WriteLine($"netgeo: internal error ({e.GetType().Name}): {e.Message.Split('\n')[0]}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Prints bad input, one line per problem (a pre-flight may find several), and returns exit status 2.</summary>
    public static int Fail(string message)
    {
        foreach (var line in message.Split('\n')) Console.Error.WriteLine($"netgeo: {line}");
        return ExitCodes.BadInput;
    }
}
