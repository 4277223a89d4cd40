using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Networks;
using NetGeometry.Tests.Experiments;
using NetGeometry.Training;

namespace NetGeometry.Tests.Sensitivity;

public class RunAnalysisTests
{
    private static string TrainResidualRun(string root, string? checkpoints = "log:5") =>
        RunExecutor.Execute(RunExecutor.Prepare(new RunSpec
        {
            Name = "res",
            Seed = 2,
            Network = new NetworkSpec { Model = "residual-mlp", Widths = new[] { 12 }, Depth = 3, Activation = "tanh" },
            Data = new DataSpec { Source = "sphere", Train = 40, Test = 20, Dim = 4, Labels = "teacher" },
            Training = new TrainingSpec { Optimizer = "adam", LearningRate = 0.01, Steps = 40, Probes = ["loss", "rkhs"], ProbeSchedule = "end", CheckpointSchedule = checkpoints },
        }), root).RunDirectory;

    [Fact]
    public void BothAnalysesReadARunDirectoryAndWriteTheirOwn()
    {
        using var folder = new TempFolder();
        var runDirectory = TrainResidualRun(folder.Path);
        using var run = SavedRun.Open(runDirectory);
        Assert.Equal(0, run.CheckpointSteps[0]);
        Assert.Equal(40, run.FinalStep);

        var options = new SensitivityOptions { Draws = 2, MaxColumns = 4 };
        var table = SensitivityAnalysis.Measure(run, options);
        Assert.Equal(new[] { "input", "block1", "block2", "block3", "output" }, table.Layers);
        Assert.Equal(4, table.CheckpointSteps.Count);
        Assert.Equal("loss", table.ErrorKind);
        Assert.Equal(5, table.Matrix.GetLength(0));
        Assert.Equal(5, table.Matrix.GetLength(1));
        var output = SensitivityOutput.Write(folder.Path, run, options, table);
        Assert.True(File.Exists(Path.Combine(output, SensitivityOutput.HeatmapFile)));
        Assert.Equal(6, File.ReadAllLines(Path.Combine(output, SensitivityOutput.TableFile)).Length);

        var checkpoints = ComplexityAnalysis.Measure(run, new ComplexityOptions { Q = 2, BandHalfWidth = 1 });
        Assert.Equal(run.CheckpointSteps, checkpoints.Select(c => c.Step));
        var last = checkpoints[^1];
        Assert.Equal(3, last.Group!.Layers.Count);
        Assert.Equal(last.Group.Layers.Sum(l => l.Norm), last.Group.PathComplexity, 12);
        Assert.True(last.Flow!.KineticEnergy > 0);
        Assert.InRange(last.Path.Total.Straightness, 0.05, 1.0);
        Assert.Equal(0.0, checkpoints[0].Path.Total.DistanceFromInit);
        // The kernel measures: zero change at initialization; at the end the analysis (from checkpoints) and the rkhs
        // probe (during training) agree; a residual MLP has no closed-form limit kernel.
        Assert.Equal(0.0, checkpoints[0].Kernel!.RkhsNorm, 12);
        Assert.Null(last.Kernel!.DataDependentComplexity);
        using (var store = ResultsStore.Open(Path.Combine(runDirectory, RunDirectory.StoreFile)))
        {
            var probed = store.Metrics(run.RunId).Where(m => m.Name == "rkhs_norm").OrderBy(m => m.Step).ToList();
            Assert.Equal(40, probed[^1].Step);
            Assert.True(last.Kernel.RkhsNorm > 0);
            Assert.Equal(probed[^1].Value, last.Kernel.RkhsNorm, 1e-6 * last.Kernel.RkhsNorm);
            Assert.Contains(store.Metrics(run.RunId), m => m.Name == "rkhs_kernel_lambda_min" && m.Step == 0 && Math.Abs(m.Value - last.Kernel.LambdaMin) <= 1e-9 * last.Kernel.LambdaMin);
        }
        var complexity = ComplexityOutput.Write(folder.Path, run, new ComplexityOptions(), checkpoints);
        var csv = File.ReadAllLines(Path.Combine(complexity, RunDirectory.MetricsFile));
        Assert.Contains(csv, l => l.StartsWith("40,path_complexity,,"));
        Assert.Contains(csv, l => l.StartsWith("40,kinetic_energy,block2,"));
        Assert.Contains(csv, l => l.StartsWith("40,rkhs_norm,,"));
        Assert.True(File.Exists(Path.Combine(complexity, "plots", "straightness.png")));
    }

    [Fact]
    public void ARunWithoutCheckpointsIsAnInputErrorThatSaysWhatToDo()
    {
        using var folder = new TempFolder();
        var runDirectory = TrainResidualRun(folder.Path, checkpoints: null);
        using var run = SavedRun.Open(runDirectory);
        var error = Assert.Throws<InputException>(() => SensitivityAnalysis.Measure(run, new SensitivityOptions()));
        Assert.Contains("training.checkpointSchedule", error.Message);
        Assert.Throws<InputException>(() => SavedRun.Open(Path.Combine(folder.Path, "nowhere")));
        Assert.False(File.Exists(Path.Combine(folder.Path, "nowhere", RunDirectory.StoreFile)), "opening never creates a store");
    }
}
