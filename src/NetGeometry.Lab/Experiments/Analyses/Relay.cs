namespace NetGeometry.Experiments.Analyses;

/// <summary>An IProgress that calls back synchronously on the reporting thread (System.Progress would post to the
/// thread pool, out of order).</summary>
internal sealed class Relay<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
