using System.CommandLine;
using NetGeometry.Experiments.Retention;

namespace NetGeometry.Cli;

/// <summary>--keep checkpoints|none|all, shared by train, run and reproduce: what a run keeps of its checkpoints.</summary>
public sealed class KeepOption
{
    public Option<string> Option { get; } = Options.Create("--keep",
        "What to keep of the checkpoints: checkpoints (those something reads back, in results.sqlite; a reproduction's declared steps), " +
        "none (no checkpoint; a reproduction still keeps what its analysis reads), all (every scheduled checkpoint, also as arrays/step-<k>/*.npy).",
        "checkpoints");

    /// <summary>The parsed value; a bad one is an InputException (exit status 2) before any work starts.</summary>
    public Keep Read(ParseResult parsed) => KeepNames.Parse(parsed.GetValue(Option)!);
}
