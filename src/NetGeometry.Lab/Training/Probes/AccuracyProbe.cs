using NetGeometry.Models;
namespace NetGeometry.Training.Probes;

/// <summary>Classification accuracy on the training set and the test set (nothing for regression data).</summary>
public sealed class AccuracyProbe : IProbe
{
    public string Name => "accuracy";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("train_accuracy", "training accuracy (fraction)", "the fraction of training examples whose largest output is their class"),
        new("test_accuracy", "test accuracy (fraction)", "the fraction of test examples whose largest output is their class"),
    ];

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        if (Evaluation.AccuracyOf(c.TrainOutputs, c.Train) is { } train) yield return c.Value("train_accuracy", train);
        if (c.Test is not null && Evaluation.AccuracyOf(c.TestOutputs!, c.Test) is { } test) yield return c.Value("test_accuracy", test);
    }
}
