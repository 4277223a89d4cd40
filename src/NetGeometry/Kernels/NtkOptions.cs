using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// How an empirical NTK is computed: the method, traced or full outputs, which layers' parameters count (null: every
/// trainable layer; naming a subset gives per-layer kernels, which add up to the whole), the kernel's dtype, how many
/// rows are processed at once, and how much memory the Jacobian method may take for J.
/// </summary>
public sealed record NtkOptions
{
    /// <summary>How the kernel is computed; <see cref="NtkMethod.Auto"/> by default.</summary>
    public NtkMethod Method { get; init; } = NtkMethod.Auto;

    /// <summary>Traced (n x n, the default) or every output pair (n o x n o).</summary>
    public NtkOutput Output { get; init; } = NtkOutput.Traced;

    /// <summary>Names of the layers whose parameters count; null means every trainable layer.</summary>
    public IReadOnlyList<string>? Layers { get; init; }
    /// <summary>The dtype of the kernel (and of the factors it is built from); geometry wants float64.</summary>
    public ScalarType DType { get; init; } = ScalarType.Float64;
    /// <summary>Rows per forward pass and per kernel block (structured method); at least 1.</summary>
    public int BlockRows { get; init; } = 2048;
    /// <summary>The largest Jacobian the Jacobian method may store, in bytes.</summary>
    public long MaxJacobianBytes { get; init; } = 2L << 30;

    /// <summary>Every default: auto method, traced, every trainable layer, float64.</summary>
    public static readonly NtkOptions Default = new();
}
