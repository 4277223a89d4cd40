namespace NetGeometry.Training.Probes;

/// <summary>Classification accuracy on the training set and the test set (nothing for regression data).</summary>
public sealed class AccuracyProbe : IProbe
{
    public string Name => "accuracy";

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        if (Evaluation.AccuracyOf(c.TrainOutputs, c.Train) is { } train) yield return c.Value("train_accuracy", train);
        if (c.Test is not null && Evaluation.AccuracyOf(c.TestOutputs!, c.Test) is { } test) yield return c.Value("test_accuracy", test);
    }
}
