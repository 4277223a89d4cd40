using NetGeometry.Models;
namespace NetGeometry.Training.Probes;

/// <summary>The training loss on the whole training set (train_loss) and, where there is one, on the test set (test_loss).</summary>
public sealed class LossProbe : IProbe
{
    public string Name => "loss";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("train_loss", "training loss", "the loss on the whole training set (square: 1/(2n) sum ||f(x_i) - y_i||^2; or cross-entropy)"),
        new("test_loss", "test loss", "the same loss on the test set"),
    ];

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        yield return c.Value("train_loss", Evaluation.LossOf(c.Loss, c.TrainOutputs, c.Train));
        if (c.Test is not null) yield return c.Value("test_loss", Evaluation.LossOf(c.Loss, c.TestOutputs!, c.Test));
    }
}
