using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Networks;
using NetGeometry.Training;

namespace NetGeometry.Tests.Experiments;

/// <summary>netgeo hessian's workflow in the library: HessianAnalysis on a trained run against the operators and Lanczos
/// called directly, and HessianOutput's run directory.</summary>
public class HessianAnalysisTests
{
    private static string TrainTinyRun(string root) =>
        RunExecutor.Execute(RunExecutor.Prepare(new RunSpec
        {
            Name = "tiny",
            Seed = 3,
            Network = new NetworkSpec { Model = "mlp", Widths = [6], Depth = 3, Parameterization = "ntk" },
            Data = new DataSpec { Source = "sphere", Train = 20, Dim = 3 },
            Training = new TrainingSpec { Optimizer = "gd", LearningRate = 0.5, Steps = 10, Probes = ["loss"], ProbeSchedule = "end", CheckpointSchedule = "end" },
        }), root).RunDirectory;

    [Fact]
    public void TheAnalysisOfACheckpointOverBatchesGivesTheTopEigenvaluesOfLanczosOnTheOperatorDirectly()
    {
        using var folder = new TempFolder();
        var runDirectory = TrainTinyRun(folder.Path);
        var spec = new HessianSpec
        {
            Run = runDirectory, Step = 10, Matrices = ["loss", "ggn"], PerLayer = true, BatchSize = 6, TopK = 3, Tolerance = 1e-10,
            TraceProducts = 6, DensityProbes = 1, DensitySteps = 4,
        };
        using var prepared = HessianAnalysis.Prepare(spec);
        Assert.Equal(20, prepared.Examples);
        Assert.Equal("20 examples in 4 batches", prepared.Scope);
        var outcome = HessianOutput.Write(folder.Path, prepared, HessianAnalysis.Measure(prepared));

        // 2 matrices x (whole network + 3 layers); D = (3*6 + 6) + (6*6 + 6) + (6 + 1) = 73.
        Assert.Equal(8, outcome.Blocks.Count);
        using var saved = SavedRun.At(runDirectory, 10);
        foreach (var matrix in new[] { CurvatureMatrix.LossHessian, CurvatureMatrix.GaussNewton })
        {
            using var op = matrix.Create(saved.Network, saved.Data.Train, saved.Loss); // one batch of all 20 examples
            using var direct = Lanczos.Eigenpairs(op, 3, SpectrumEnd.Largest, tolerance: 1e-10);
            var whole = outcome.Blocks.Single(b => b.Matrix == matrix && b.Layer is null);
            Assert.Equal(73, whole.Dimension);
            Assert.True(whole.Summary.Converged);
            for (int i = 0; i < 3; i++)
                Assert.True(Math.Abs(whole.Summary.Eigenvalues[i] - direct.Values[i]) <= 1e-8 * Math.Abs(direct.Values[0]),
                    $"{matrix} eigenvalue {i + 1}: analysis {whole.Summary.Eigenvalues[i]:R}, Lanczos {direct.Values[i]:R}");
            // A layer block's top eigenvalue cannot exceed the whole matrix's (Cauchy interlacing).
            Assert.All(outcome.Blocks.Where(b => b.Matrix == matrix && b.Layer is not null),
                b => Assert.True(b.Summary.Eigenvalues[0] <= whole.Summary.Eigenvalues[0] * (1 + 1e-9)));
        }

        var density = File.ReadAllLines(Path.Combine(outcome.RunDirectory, HessianOutput.DensityFile));
        Assert.Equal(1 + 8 * HessianAnalysis.GridPoints, density.Length);
        Assert.All(outcome.Blocks, b => Assert.True(File.Exists(Path.Combine(outcome.RunDirectory, HessianOutput.PlotPath(b)!)), HessianOutput.PlotPath(b)));
        var metrics = File.ReadAllLines(Path.Combine(outcome.RunDirectory, RunDirectory.MetricsFile));
        Assert.Contains(metrics, l => l.StartsWith("10,loss_hessian_eigenvalue_3,,"));
        Assert.Contains(metrics, l => l.StartsWith("10,ggn_trace_high,layer2,"));
    }

    [Fact]
    public void ASpecThatCannotBeMeasuredIsRefusedBeforeAnythingIsWritten()
    {
        using var folder = new TempFolder();
        Assert.Contains("not both and not neither", Assert.Throws<InputException>(() => HessianAnalysis.Prepare(new HessianSpec())).Message);
        Assert.Contains("--matrices", Assert.Throws<InputException>(() => HessianAnalysis.Prepare(new HessianSpec { Run = "x", Matrices = [] })).Message);
        Assert.Contains("apply to --torchscript only", Assert.Throws<InputException>(() => HessianAnalysis.Prepare(new HessianSpec { Run = "x", Loss = "square" })).Message);
        Assert.Contains("drop --step", Assert.Throws<InputException>(() => HessianAnalysis.Prepare(new HessianSpec { TorchScript = "m.pt", Step = 3 })).Message);
        var runDirectory = TrainTinyRun(folder.Path);
        var tooMany = Assert.Throws<InputException>(() => HessianAnalysis.Prepare(new HessianSpec { Run = runDirectory, TopK = 74 }));
        Assert.Contains("trainable parameters (73)", tooMany.Message);
        Assert.Single(Directory.GetDirectories(Path.Combine(folder.Path, RunDirectory.RunsFolder))); // only the training run
    }
}
