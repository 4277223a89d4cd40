using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Curvature;

/// <summary>Random probe vectors for the stochastic estimators, drawn on the CPU from a seeded generator (so that the
/// same seed gives the same probes on any device) and moved to the operator's device.</summary>
internal static class RandomProbes
{
    /// <summary>A Dimension x count matrix of independent Rademacher entries (+1 or -1, each with probability 1/2).</summary>
    public static Tensor Rademacher(Generator generator, ILinearOperator op, long count)
    {
        var draw = randint(0, 2, new[] { op.Dimension, count }, generator: generator, dtype: op.DType);
        return ToDevice(draw.mul_(Held(2)).sub_(Held(1)), op.Device);
    }

    /// <summary>A unit vector in a uniformly random direction (a normalized standard Gaussian).</summary>
    public static Tensor UnitGaussian(Generator generator, ILinearOperator op)
    {
        var draw = randn(new[] { op.Dimension }, generator: generator, dtype: op.DType);
        return ToDevice(draw.div_(draw.norm()), op.Device);
    }

    /// <summary>The CPU tensor itself on the CPU, else a copy on the device (the CPU tensor is released).</summary>
    private static Tensor ToDevice(Tensor cpu, Device device)
    {
        if (device.type == TorchSharp.DeviceType.CPU) return cpu;
        using (cpu) return cpu.to(device);
    }
}
