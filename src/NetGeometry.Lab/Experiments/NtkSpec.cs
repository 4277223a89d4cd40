using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Networks;

namespace NetGeometry.Experiments;

/// <summary>
/// What `netgeo ntk` computes, as plain values (the run's spec.json): a network and data built afresh from
/// <see cref="Network"/>, <see cref="Data"/> and <see cref="Seed"/> (the kernel at initialization), or taken from a
/// training run directory (<see cref="FromRun"/>: its spec.json rebuilds them, its checkpoint at <see cref="Step"/>
/// sets the parameters), or a PyTorch model saved as TorchScript (<see cref="TorchScript"/>, its examples shaped by
/// <see cref="InputShape"/>); the kernel is computed on the first <see cref="Examples"/> training examples.
/// </summary>
public sealed record NtkSpec
{
    /// <summary>The largest stored kernel, in rows: 10,000 rows take 0.8 GB, and its eigendecomposition several times that.</summary>
    public const long MaxStoredRows = 10_000;

    public string Name { get; init; } = "ntk";
    public long Seed { get; init; }
    public NetworkSpec Network { get; init; } = new();
    public DataSpec Data { get; init; } = new();
    /// <summary>A run directory written by netgeo train; when set, its spec replaces Network, Data and Seed.</summary>
    public string? FromRun { get; init; }
    /// <summary>A TorchScript file (torch.jit.trace(model, x).save(path)) measured in place of a built-in network.</summary>
    public string? TorchScript { get; init; }
    /// <summary>The shape of one example as the TorchScript model takes it (1, 28, 28 for Fashion-MNIST images); needed with it.</summary>
    public long[]? InputShape { get; init; }
    /// <summary>The checkpoint step of <see cref="FromRun"/>; null takes the last one (or initialization if none was saved).</summary>
    public long? Step { get; init; }
    public int Examples { get; init; } = 500;
    /// <summary>auto, jacobian or structured (<see cref="NtkMethod"/>).</summary>
    public string Method { get; init; } = "auto";
    /// <summary>Keep every output pair (n o x n o) instead of tracing over outputs.</summary>
    public bool Full { get; init; }
    /// <summary>Only these layers' parameters count (per-layer kernels); null: every trained layer.</summary>
    public string[]? Layers { get; init; }
    /// <summary>Never store the kernel: find its largest eigenvalues (<see cref="TopK"/>), lambda_min
    /// (unless <see cref="NoMin"/>) and spectral density (<see cref="Density"/>) on the NTK operator.</summary>
    public bool MatrixFree { get; init; }
    /// <summary>Lanczos' relative residual tolerance (matrix-free).</summary>
    public double Tolerance { get; init; } = 1e-6;
    /// <summary>The most operator products each Lanczos run may use (matrix-free): lambda_min of a large kernel sits in
    /// a dense cluster and needs hundreds.</summary>
    public int MaxProducts { get; init; } = 2000;
    /// <summary>Save the kernel and its eigenvalues as .npy files in the run directory.</summary>
    public bool SaveNpy { get; init; }
    /// <summary>The largest eigenvalues Lanczos finds (matrix-free); 1 gives lambda_max alone.</summary>
    public int TopK { get; init; } = 1;
    /// <summary>Skip lambda_min (matrix-free): in a large kernel it sits in a dense cluster and costs the most products.</summary>
    public bool NoMin { get; init; }
    /// <summary>Also estimate the spectral density by stochastic Lanczos quadrature (matrix-free).</summary>
    public bool Density { get; init; }
    /// <summary>Random start vectors of the density (n_v of <see cref="Curvature.SpectralDensity"/>).</summary>
    public int DensityProbes { get; init; } = 4;
    /// <summary>Lanczos steps (products) per start vector of the density.</summary>
    public int DensitySteps { get; init; } = 60;
    /// <summary>The width of the Gaussian smoothing the density; null: 1% of the spectrum's span.</summary>
    public double? Sigma { get; init; }

    public NtkOptions ToOptions() => new()
    {
        Method = NtkMethods.Parse(Method),
        Output = Full ? NtkOutput.Full : NtkOutput.Traced,
        Layers = Layers,
    };

    public void Validate()
    {
        InputException.Require(Examples > 0, $"{InputField.Of(nameof(Examples))} must be positive, got {Examples}.");
        InputException.Require(Tolerance is > 0 and < 1, $"{InputField.Of(nameof(Tolerance))} must lie in (0, 1), got {Tolerance}.");
        InputException.Require(MaxProducts >= 1, $"{InputField.Of(nameof(MaxProducts))} must be positive, got {MaxProducts}.");
        InputException.Require(Step is null or >= 0, $"{InputField.Of(nameof(Step))} must be a step number (0 or more), got {Step}.");
        InputException.Require(Step is null || FromRun is not null, $"{InputField.Of(nameof(Step))} needs {InputField.Of(nameof(FromRun))}: the run whose checkpoint to use.");
        InputException.Require(!(MatrixFree && SaveNpy), $"{InputField.Of(nameof(SaveNpy))} stores the kernel, which {InputField.Of(nameof(MatrixFree))} never forms; drop one of them.");
        InputException.Require(TorchScript is null || FromRun is null, $"{InputField.Of(nameof(TorchScript))} and {InputField.Of(nameof(FromRun))} each give the model; give one of them.");
        InputException.Require(TorchScript is null || InputShape is not null,
            $"{InputField.Of(nameof(TorchScript))} needs {InputField.Of(nameof(InputShape))}, the shape of one example as the model takes it, e.g. 1,28,28.");
        InputException.Require(InputShape is null || TorchScript is not null, $"{InputField.Of(nameof(InputShape))} shapes the examples of a {InputField.Of(nameof(TorchScript))} model; give {InputField.Of(nameof(TorchScript))} too, or drop it.");
        InputException.Require(TopK >= 1, $"{InputField.Of(nameof(TopK))} must be positive, got {TopK}.");
        InputException.Require(TopK <= MaxProducts, $"{InputField.Of(nameof(TopK))} ({TopK}) cannot exceed {InputField.Of(nameof(MaxProducts))} ({MaxProducts}): Lanczos takes a product per step.");
        InputException.Require(MatrixFree || (TopK == 1 && !NoMin && !Density),
            $"{InputField.Of(nameof(TopK))}, {InputField.Of(nameof(NoMin))} and {InputField.Of(nameof(Density))} choose what Lanczos finds on the operator; " +
            $"they need {InputField.Of(nameof(MatrixFree))} (a stored kernel's spectrum is computed whole).");
        InputException.Require(DensityProbes >= 1, $"{InputField.Of(nameof(DensityProbes))} must be positive, got {DensityProbes}.");
        InputException.Require(DensitySteps >= 1, $"{InputField.Of(nameof(DensitySteps))} must be positive, got {DensitySteps}.");
        InputException.Require(Sigma is null || (Sigma > 0 && double.IsFinite(Sigma.Value)), $"{InputField.Of(nameof(Sigma))} must be positive, got {Sigma}.");
        NtkMethods.Parse(Method);
    }

    /// <summary>Refuses a stored kernel too large to keep and diagonalize (before any work).</summary>
    public void RequireStorable(long examples, long outputs)
    {
        long rows = examples * (Full ? outputs : 1);
        InputException.Require(MatrixFree || rows <= MaxStoredRows,
            $"a {rows} x {rows} kernel takes {MemoryBudget.Format(8.0 * rows * rows)} to store and more to diagonalize; " +
            $"use {InputField.Of(nameof(MatrixFree))} for lambda_max and lambda_min, or at most {MaxStoredRows} kernel rows.");
    }

    public string ToJson() => JsonSerializer.Serialize(this, RunSpec.Json);
}
