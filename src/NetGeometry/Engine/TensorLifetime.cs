using static TorchSharp.torch;

namespace NetGeometry.Engine;

/// <summary>
/// Keeps every tensor a piece of work makes alive until the work ends. TorchSharp passes bare handles to native
/// code, so a tensor that is only the receiver of a call (in <c>a.mul(2).matmul(b)</c>, the product <c>a.mul(2)</c>)
/// is unreachable while the call runs: a garbage collection started then by another thread's allocation finalizes it
/// and frees its memory under the running kernel, and the process crashes, fails with a nonsense libtorch error
/// (a tensor "of size 0") or computes wrong numbers. A tensor made inside a dispose scope is held by the scope, so
/// every thread that computes with tensors (a command, a sweep cell) runs its work in <see cref="Hold{T}"/>. No scope
/// tracks Scalars, which have the same hazard: <see cref="HeldScalars"/> holds them.
/// </summary>
internal static class TensorLifetime
{
    /// <summary>Runs <paramref name="work"/> in a new dispose scope: the tensors it makes and does not dispose itself live
    /// until it returns, and are disposed then. What it returns must not be a tensor made inside it.</summary>
    public static T Hold<T>(Func<T> work)
    {
        using var scope = NewDisposeScope();
        return work();
    }
}
