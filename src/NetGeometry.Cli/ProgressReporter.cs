using System.Diagnostics;
using NetGeometry.Training;
using Spectre.Console;

namespace NetGeometry.Cli;

/// <summary>
/// Shows a run's progress on stderr: a live progress bar when stderr is a terminal, otherwise a plain line every few
/// seconds (so logs and CI stay readable and stdout stays free for --json).
/// </summary>
public sealed class ProgressReporter
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static T Run<T>(string title, Func<IProgress<TrainingProgress>, T> work)
    {
        if (!Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(title);
                    return work(new Progress(p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalSteps);
                        task.Value = p.Step;
                        task.Description = $"{title}  loss {p.BatchLoss:G4}";
                    }));
                });
        }
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        var result = work(new Progress(p =>
        {
            if (clock.Elapsed - last < PlainInterval && p.Step != p.TotalSteps) return;
            last = clock.Elapsed;
            Console.Error.WriteLine($"{title}: step {p.Step}/{p.TotalSteps}, batch loss {p.BatchLoss:G4}, {clock.Elapsed.TotalSeconds:F0} s");
        }));
        return result;
    }

    /// <summary>Calls back synchronously on the training thread (System.Progress would post to the thread pool).</summary>
    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
