using System.Globalization;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Models;
using NetGeometry.Sensitivity;
using NetGeometry.Training;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo sensitivity --torchscript: Zhang, Bengio &amp; Singer's layer robustness of a PyTorch model saved as
/// TorchScript (its final values), re-initialized to checkpoints saved as TorchScript files of the same architecture
/// (--checkpoint STEP=FILE, the steps labelling the columns) and re-randomized by PyTorch's default initializer, on the
/// first --examples training examples of --data shaped by --input-shape. Every input is checked, and every file read,
/// before anything is measured or written.
/// </summary>
internal sealed record TorchScriptSensitivity(string File, long[] Shape, IReadOnlyList<string> Checkpoints, string? Loss, DataSpec Data, int? Examples)
{
    /// <summary>Measures and writes the analysis's directory under <paramref name="outRoot"/>; returns the table and the directory.</summary>
    public (SensitivityMatrix Table, string Directory) Measure(SensitivityOptions options, string outRoot, IProgress<string> progress)
    {
        InputException.Require(Checkpoints.Count > 0,
            "--torchscript needs at least one --checkpoint STEP=FILE: the same model saved as TorchScript at that step (0 = initialization), to re-initialize layers to.");
        InputException.Require(Loss is not null, "--torchscript needs --loss square or cross-entropy.");
        var loss = Models.Loss.Parse(Loss!);
        var columns = Checkpoints.Select(ParseCheckpoint).OrderBy(c => c.Step).ToList();
        var repeated = columns.GroupBy(c => c.Step).FirstOrDefault(g => g.Count() > 1);
        InputException.Require(repeated is null, $"--checkpoint gives step {repeated?.Key} twice; give each step once.");

        using var split = (Data with { Train = Examples, Test = 0 }).Load(options.Seed);
        var train = split.Train;
        using var inputs = train.ShapedInputs(Shape);
        using var model = TorchScriptFile.Load(File);
        var checkpoints = new List<CheckpointState>();
        try
        {
            foreach (var (step, path) in columns) checkpoints.Add(CheckpointState.FromTorchScript(step, path, model));
            var table = SensitivityAnalysis.Measure(model, new SensitivityData(train, inputs, loss), checkpoints, options,
                $"the first {train.Count} training examples of {Data.Source}", progress);
            var spec = new AnalysisSpec("sensitivity", File, new
            {
                options.Draws, options.Seed, InputShape = Shape, Loss = Loss, Examples = train.Count, Data, train.Provenance,
                Checkpoints = columns.Select(c => new { c.Step, File = c.Path }),
            });
            return (table, SensitivityOutput.Write(outRoot, spec, stepsPerEpoch: 1, table));
        }
        finally
        {
            foreach (var c in checkpoints) c.Dispose();
        }
    }

    /// <summary>"STEP=FILE" as a step (0 or more) and the file's full path.</summary>
    private static (long Step, string Path) ParseCheckpoint(string text)
    {
        int equals = text.IndexOf('=');
        bool valid = equals > 0 && long.TryParse(text[..equals], NumberStyles.None, CultureInfo.InvariantCulture, out _) && equals < text.Length - 1;
        InputException.Require(valid, $"--checkpoint '{text}' is not STEP=FILE; give e.g. --checkpoint 0=init.pt (the step, 0 or more, then the TorchScript file).");
        return (long.Parse(text[..equals], CultureInfo.InvariantCulture), Path.GetFullPath(text[(equals + 1)..]));
    }
}
