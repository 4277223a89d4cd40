using NetGeometry.Data;
using NetGeometry.Experiments;
using NetGeometry.Kernels;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Experiments;

/// <summary>netgeo ntk --matrix-free's top-k and spectral density against the kernel formed densely (n = 200).</summary>
public class NtkMatrixFreeRunTests
{
    private static readonly NtkSpec Spec = new()
    {
        Network = new NetworkSpec { Model = "mlp", Widths = [32], Depth = 3, Parameterization = "ntk", Bias = false },
        Data = new DataSpec { Source = "sphere", Dim = 6 },
        Examples = 200, MatrixFree = true, NoMin = true, Tolerance = 1e-10, Seed = 3,
    };

    /// <summary>The run's results by key, and the dense kernel of the same network on the same examples.</summary>
    private static (Dictionary<string, double> Results, Tensor Kernel) RunAndDense(NtkSpec spec, string root)
    {
        using var prepared = NtkRun.Prepare(spec);
        var outcome = NtkRun.Execute(prepared, root);
        using var dense = NtkAnalysis.Of(prepared.Network!, prepared.Inputs, null, spec.ToOptions());
        return (outcome.Results.Where(r => !r.IsText).ToDictionary(r => r.Key, r => r.Number), dense.Kernel.clone());
    }

    [Fact]
    public void TheTopKByLanczosAreTheDenseKernelsLargestEigenvalues()
    {
        using var folder = new TempFolder();
        var (results, kernel) = RunAndDense(Spec with { TopK = 8 }, folder.Path);
        using (kernel)
        {
            using var eigenvalues = linalg.eigvalsh(kernel).flip(0);
            var expected = eigenvalues.data<double>().ToArray();
            Assert.Equal(200, results["kernel_rows"]);
            Assert.Equal(1, results["converged"]);
            Assert.Equal(expected[0], results["lambda_max"], 1e-9 * expected[0]);
            for (int i = 1; i < 8; i++)
                Assert.True(Math.Abs(results[$"eigenvalue_{i + 1}"] - expected[i]) <= 1e-9 * expected[0],
                    $"eigenvalue {i + 1}: Lanczos {results[$"eigenvalue_{i + 1}"]:R}, eigvalsh {expected[i]:R}");
            Assert.False(results.ContainsKey("lambda_min"), "--no-min skips lambda_min");
        }
    }

    [Fact]
    public void TheDensitysTraceIsTheDenseTraceWithinItsStatisticalError()
    {
        using var folder = new TempFolder();
        const int probes = 40;
        var (results, kernel) = RunAndDense(Spec with { Density = true, DensityProbes = probes, DensitySteps = 12 }, folder.Path);
        using (kernel)
        {
            // Gauss quadrature with m >= 1 nodes is exact for f(t) = t, so each probe's D sum tau theta is z^T K z for a
            // Rademacher z (Ubaru et al. 2017, sec. 3): Hutchinson's estimate, of variance 2 (||K||_F^2 - sum_i K_ii^2).
            double trace = kernel.trace().item<double>();
            double variance = 2 * (kernel.pow(Held(2)).sum().item<double>() - kernel.diag().pow(Held(2)).sum().item<double>());
            double error = Math.Sqrt(variance / probes);
            Assert.True(Math.Abs(results["density_trace"] - trace) <= 4 * error,
                $"SLQ trace {results["density_trace"]:R}, dense trace {trace:R}, standard error {error:R}");
            Assert.Equal(probes * 12, results["density_products"]);
            Assert.True(results["sigma"] > 0);
            var runDir = Directory.GetDirectories(Path.Combine(folder.Path, "runs")).Single();
            Assert.True(File.Exists(Path.Combine(runDir, NtkRun.DensityPlot)));
        }
    }
}
