using TorchSharp;

namespace NetGeometry.Engine;

/// <summary>
/// Scalars that outlive the native call they are passed to. A Scalar is a native object with a finalizer, and
/// TorchSharp passes only its handle: a Scalar made of a number argument (<c>x.mul(2.0)</c>) is unreachable while the
/// call runs, so a garbage collection started then by another thread's allocation finalizes it and libtorch reads freed
/// memory (seen as "Unknown scalar type" from <c>div_</c> in a parallel test run). <see cref="Held(double)"/> makes the
/// Scalar and keeps it in a ring of its thread: it is disposed when the ring comes round to it, <see cref="RingSize"/>
/// Scalars later on the same thread, long after the call it was made for has returned (one expression makes a few).
/// Implicit conversions to Scalar, and the TorchSharp members that make one inside, are banned by BannedSymbols.txt at
/// the repository's root, so every Scalar in the code is either held here or made with <c>ToScalar()</c> and disposed
/// by its owner.
/// </summary>
internal static class HeldScalars
{
    /// <summary>How many Scalars a thread makes before its oldest is disposed.</summary>
    internal const int RingSize = 256;

    [ThreadStatic] private static Scalar?[]? ring;
    [ThreadStatic] private static int next;

    /// <summary>A float64 Scalar that lives until <see cref="RingSize"/> more are made on this thread.</summary>
    public static Scalar Held(double value) => Keep(value.ToScalar());

    /// <summary>An int64 Scalar that lives until <see cref="RingSize"/> more are made on this thread.</summary>
    public static Scalar Held(long value) => Keep(value.ToScalar());

    /// <summary>An int32 Scalar that lives until <see cref="RingSize"/> more are made on this thread.</summary>
    public static Scalar Held(int value) => Keep(value.ToScalar());

    /// <summary>A float32 Scalar that lives until <see cref="RingSize"/> more are made on this thread.</summary>
    public static Scalar Held(float value) => Keep(value.ToScalar());

    /// <summary>A complex128 Scalar that lives until <see cref="RingSize"/> more are made on this thread.</summary>
    public static Scalar Held(System.Numerics.Complex value) => Keep(value.ToScalar());

    /// <summary>A bool Scalar that lives until <see cref="RingSize"/> more are made on this thread.</summary>
    public static Scalar Held(bool value) => Keep(value.ToScalar());

    private static Scalar Keep(Scalar scalar)
    {
        ring ??= new Scalar?[RingSize];
        ring[next]?.Dispose();
        ring[next] = scalar;
        next = (next + 1) % RingSize;
        return scalar;
    }
}
