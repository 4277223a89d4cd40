using NetGeometry.Experiments.Sweeps;
using NetGeometry.Sensitivity;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// One completed cell of layers-equal with what its claims read: its robustness table (Zhang et al.'s heatmap, from the
/// reopened run's checkpoints) and, from its metrics, the rise of the test error when a layer is re-initialized to its
/// initial value at each probed step (the reinit probe's error minus the accuracy probe's, both at that step), and each
/// trained layer's weight-spectrum exponent alpha (Martin &amp; Mahoney's power-law fit; a layer too small to fit has none).
/// </summary>
internal sealed record LayersEqualRun(CellResult Cell, SensitivityMatrix Table, IReadOnlyDictionary<string, double> Alpha)
{
    /// <summary>The reinit probe's metric: the test error with one layer reset to its initial value.</summary>
    public const string ReinitError = "reinit_error";

    /// <summary>"sgd" or "adam" (<see cref="LayersEqual.Optimizers"/>).</summary>
    public string Optimizer => LayersEqual.OptimizerOf(Cell);

    public string Model => Cell.Cell.Spec.Network.Model;

    public long Seed => Cell.Cell.Spec.Seed;

    public long StepsPerEpoch => Cell.Cell.Spec.Training.StepsPerEpoch(Cell.Cell.Spec.Data.Train!.Value);

    /// <summary>The layers from the input up (the table's rows).</summary>
    public IReadOnlyList<string> Layers => Table.Layers;

    /// <summary>Zhang et al.'s re-initialization robustness to tau = 0 of <paramref name="layer"/> at each probed step after
    /// step 0: the test error with the layer reset to its initial value minus the unchanged network's (1 - test_accuracy).</summary>
    public IReadOnlyList<(long Step, double Rise)> Rises(string layer)
    {
        var error = Cell.Series("test_accuracy").ToDictionary(m => m.Step, m => 1 - m.Value);
        return Cell.Series(ReinitError, layer).Where(m => m.Step > 0 && error.ContainsKey(m.Step))
            .Select(m => (m.Step, m.Value - error[m.Step])).ToList();
    }

    /// <summary>The rise of <paramref name="layer"/> at the last probed step: the trained network's (NaN when not probed).</summary>
    public double FinalRise(string layer) => Rises(layer) is { Count: > 0 } rises ? rises[^1].Rise : double.NaN;

    /// <summary>How many layers are robust: re-initialized to their initial value at the end of training, the test error
    /// rises by less than <see cref="LayersEqual.RobustRise"/>.</summary>
    public int RobustLayers => Layers.Count(l => FinalRise(l) < LayersEqual.RobustRise);

    public double RobustFraction => (double)RobustLayers / Layers.Count;

    /// <summary>The relative distance of <paramref name="layer"/> from its initialization at the end of training.</summary>
    public double Moved(string layer) => Cell.Final(LayersEqual.Movement, layer);
}
