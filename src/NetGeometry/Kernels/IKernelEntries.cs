using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>A kernel matrix whose single entries are cheap, beside its products: what a sparse approximate inverse
/// (<see cref="SparseInverseCholesky"/>) needs. Indices are int64 vectors on the kernel's device.</summary>
internal interface IKernelEntries
{
    /// <summary>The kernel's size.</summary>
    long Dimension { get; }

    /// <summary>K[rows, columns], a rows x columns matrix.</summary>
    Tensor Entries(Tensor rows, Tensor columns);

    /// <summary>The principal submatrices K[S_b, S_b] for each row S_b of <paramref name="sets"/> (B x s): B x s x s.</summary>
    Tensor Grams(Tensor sets);

    /// <summary>The diagonal of K.</summary>
    Tensor Diagonal();
}
