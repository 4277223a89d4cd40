using System.CommandLine;

namespace NetGeometry.Cli.Commands;

/// <summary>The run directory an analysis command reads (what netgeo train printed).</summary>
public static class SavedRunArgument
{
    public static Argument<string> Create() =>
        new("run-dir") { Description = "A run directory written by netgeo train with checkpoints (runs/<name>-<time>/)." };
}
