using NetGeometry.Data;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// What a probe sees at one recorded step: the network as it is after Step updates, the data, the loss, and the
/// parameters at initialization. Outputs on the training and test sets are computed once per step and shared.
/// </summary>
public sealed class ProbeContext(long step, INetwork network, DataSplit data, LossKind loss, ParameterSnapshot initial) : IDisposable
{
    private Tensor? _trainOutputs, _testOutputs;

    public long Step { get; } = step;
    public INetwork Network { get; } = network;
    public Dataset Train => data.Train;
    public Dataset? Test => data.Test;
    public LossKind Loss { get; } = loss;
    public ParameterSnapshot Initial { get; } = initial;

    public Tensor TrainOutputs => _trainOutputs ??= Evaluation.Outputs(Network, Train);
    public Tensor? TestOutputs => Test is null ? null : _testOutputs ??= Evaluation.Outputs(Network, Test);

    public Metric Value(string name, double value, string? layer = null) => new(Step, name, layer, value);

    public void Dispose()
    {
        _trainOutputs?.Dispose(); _testOutputs?.Dispose();
    }
}
