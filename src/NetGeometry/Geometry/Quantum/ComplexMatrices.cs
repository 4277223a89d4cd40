using System.Numerics;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Quantum;

/// <summary>
/// complex128 tensors from managed values. They are built from their real and imaginary parts as float64 tensors:
/// TorchSharp 0.107.0's tensor(Complex[]) backs the tensor with a pinned copy of the array, and tensors made that way
/// were seen to read freed memory (a segmentation fault in a later copy), which the float64 path does not do.
/// </summary>
internal static class ComplexMatrices
{
    public static Tensor FromValues(Complex[] values, params long[] shape)
    {
        using var real = tensor(values.Select(v => v.Real).ToArray(), shape, ScalarType.Float64);
        using var imaginary = tensor(values.Select(v => v.Imaginary).ToArray(), shape, ScalarType.Float64);
        return complex(real, imaginary);
    }
}
