using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// What a probe sees at one recorded step: the network as it is after Step updates, the data, the loss, and the
/// parameters at initialization. Outputs on the training and test sets, and the tangent kernel on the training set,
/// are computed once per step and shared.
/// </summary>
public sealed class ProbeContext(long step, INetwork network, DataSplit data, LossKind loss, ParameterSnapshot initial) : IDisposable
{
    /// <summary>The largest n o the tangent kernel is built for: a (4096 x 4096) float64 kernel is 128 MB and its
    /// eigenvalues take seconds; more is refused with an InputException.</summary>
    public const long MaxKernelRows = 4096;

    private Tensor? _trainOutputs, _testOutputs, _tangentKernel;
    private KernelSpectrum? _tangentSpectrum;

    public long Step { get; } = step;
    public INetwork Network { get; } = network;
    public Dataset Train => data.Train;
    public Dataset? Test => data.Test;
    public LossKind Loss { get; } = loss;
    public ParameterSnapshot Initial { get; } = initial;

    public Tensor TrainOutputs => _trainOutputs ??= Evaluation.Outputs(Network, Train);
    public Tensor? TestOutputs => Test is null ? null : _testOutputs ??= Evaluation.Outputs(Network, Test);

    /// <summary>
    /// The full empirical NTK K = J J^T on the training set, J = df/dtheta over the trainable parameters (Liu, Zhu
    /// &amp; Belkin 2022, the tangent kernel of F: R^p -> R^(n o)): (n o) x (n o), float64, row i o + a for example i and
    /// output a (<see cref="NtkOutput.Full"/>; the traced kernel would not bound ||grad L|| for o &gt; 1). Computed
    /// by <see cref="EmpiricalNtk"/>'s Auto method.
    /// </summary>
    public Tensor TangentKernel
    {
        get
        {
            if (_tangentKernel is not null) return _tangentKernel;
            RequireKernelRows(Train.Count, Network.OutputDim);
            return _tangentKernel = EmpiricalNtk.Compute(Network, Train.Inputs, options: new NtkOptions { Output = NtkOutput.Full });
        }
    }

    /// <summary>Throws an <see cref="InputException"/> when the tangent kernel of <paramref name="examples"/> training
    /// examples and <paramref name="outputs"/> outputs would have more than <see cref="MaxKernelRows"/> rows.</summary>
    public static void RequireKernelRows(long examples, long outputs)
    {
        long rows = examples * outputs;
        InputException.Require(rows <= MaxKernelRows,
            $"the tangent kernel of {examples} examples x {outputs} outputs has {rows} rows, more than the {MaxKernelRows} the ntk and pl probes allow; train on fewer examples ({DataSpec.Field(nameof(DataSpec.Train))}) or outputs.");
    }

    /// <summary>The eigenvalues of <see cref="TangentKernel"/> (linalg.eigvalsh), once per step.</summary>
    public KernelSpectrum TangentSpectrum => _tangentSpectrum ??= KernelDiagnostics.Spectrum(TangentKernel);

    public Metric Value(string name, double value, string? layer = null) => new(Step, name, layer, value);

    public void Dispose()
    {
        _trainOutputs?.Dispose(); _testOutputs?.Dispose(); _tangentKernel?.Dispose();
    }
}
