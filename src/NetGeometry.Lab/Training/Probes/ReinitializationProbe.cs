using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Sensitivity;

namespace NetGeometry.Training.Probes;

/// <summary>
/// Zhang, Bengio &amp; Singer's re-initialization robustness to tau = 0 ("Are all layers created equal?", Sec. 3) as
/// training goes: at each probed step, each layer in turn (<see cref="Models.Model.Layers"/>) is set to its value at
/// initialization, every other layer kept as it is at that step, the test error measured (1 - accuracy; the loss on
/// regression data) and the layer restored (<see cref="ReinitializationRobustness"/>). Its difference from the test error
/// of the unchanged network (the accuracy probe's) is how much the layer matters at that point of training.
/// </summary>
public sealed class ReinitializationProbe : IProbe
{
    public string Name => "reinit";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("reinit_error", "test error with the layer reset to its initialization",
            "the test error (1 - accuracy; the loss on regression data) with this layer set back to its initial value and every other layer as trained so far"),
    ];

    /// <summary>Needs a test set, and a network whose whole state the initial snapshot holds (a layer is reset whole).</summary>
    public void Check(INetwork network, DataSplit data)
    {
        InputException.Require(data.Test is not null, "the reinit probe measures the test error: give the run a test set.");
        var snapshot = network.AllParameters().Select(e => e.Key).ToHashSet();
        var other = ModuleState.Of(network.Module).Keys.FirstOrDefault(name => !snapshot.Contains(name));
        InputException.Require(other is null, $"the reinit probe resets whole layers to their initial values, but the run does not keep '{other}' from initialization; use the sensitivity analysis of a saved run instead.");
    }

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        if (c.Test is null) return [];
        using var model = c.Network.AsModel();
        // Not disposed: the snapshot's tensors belong to the run.
        var initial = new CheckpointState(0, c.Initial.Entries.ToDictionary(e => e.Key, e => e.Value));
        var errors = ReinitializationRobustness.Measure(model, SensitivityData.Of(c.Test, c.Loss), [initial]);
        return model.Layers.Select((layer, l) => c.Value("reinit_error", errors[l, 0], layer.Name)).ToList();
    }
}
