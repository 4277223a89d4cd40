using TorchSharp;
using static TorchSharp.torch;

namespace NetGeometry.Engine;

/// <summary>Where tensors live. Only CPU is tested here; CUDA needs the libtorch-cuda package (see README).</summary>
public enum ComputeDevice
{
    /// <summary>The CPU, with libtorch's intra-op threads (<see cref="TorchRuntime.Threads"/>).</summary>
    Cpu,
    /// <summary>The first CUDA device; needs a CUDA build of libtorch (libtorch-cuda-12.8-linux-x64).</summary>
    Cuda,
}

/// <summary>
/// Process-wide libtorch settings: thread count (the machine's core count unless overridden) and device.
/// Call <see cref="Configure"/> once at start-up; library code reads <see cref="Device"/>.
/// </summary>
public static class TorchRuntime
{
    /// <summary>The device the library puts the tensors it makes on (CPU until <see cref="Configure"/> says otherwise).</summary>
    public static Device Device { get; private set; } = CPU;

    /// <summary>The most threads a run may ask for: four per core (more only adds contention).</summary>
    public static int MaxThreads => 4 * Environment.ProcessorCount;

    /// <summary>Sets libtorch's thread count and the library's device for the whole process.</summary>
    /// <param name="threads">Intra-op threads, 1 to <see cref="MaxThreads"/>; null: one per core.</param>
    /// <param name="device">Where tensors live; <see cref="ComputeDevice.Cuda"/> needs a CUDA device and build.</param>
    /// <exception cref="InputException">threads is out of range, or CUDA is asked for where there is none.</exception>
    public static void Configure(int? threads = null, ComputeDevice device = ComputeDevice.Cpu)
    {
        InputException.Require(threads is null || (threads > 0 && threads <= MaxThreads),
            $"{InputField.Of(nameof(threads))} must be 1 to {MaxThreads} (4 per core), got {threads}.");
        torch.set_num_threads(threads ?? Environment.ProcessorCount);
        if (device == ComputeDevice.Cuda)
        {
            InputException.Require(torch.cuda.is_available(),
                $"{InputField.Of(nameof(device))} cuda: no CUDA device or CUDA build of libtorch here; reference libtorch-cuda-12.8-linux-x64 instead of libtorch-cpu-linux-x64 (see README).");
            Device = CUDA;
        }
        else Device = CPU;
    }

    /// <summary>The number of threads libtorch uses for intra-op parallelism.</summary>
    public static int Threads => torch.get_num_threads();
}
