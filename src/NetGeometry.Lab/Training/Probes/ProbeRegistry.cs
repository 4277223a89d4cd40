using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Networks;

namespace NetGeometry.Training.Probes;

/// <summary>Probes by the names a spec or the CLI uses.</summary>
public static class ProbeRegistry
{
    private static readonly Dictionary<string, Func<IProbe>> Factories = new()
    {
        ["loss"] = () => new LossProbe(),
        ["accuracy"] = () => new AccuracyProbe(),
        ["grad-norm"] = () => new GradientNormProbe(),
        ["distance"] = () => new DistanceFromInitProbe(),
        ["energy"] = () => new EnergyProbe(),
        ["orthogonality"] = () => new OrthogonalityProbe(),
        ["residual-spectrum"] = () => new ResidualSpectrumProbe(),
        ["path"] = () => new PathProbe(),
        ["du-gram"] = () => new DuGramProbe(),
        ["movement"] = () => new NeuronMovementProbe(),
        ["pattern-change"] = () => new PatternChangeProbe(),
        ["rkhs"] = () => new RkhsProbe(),
        ["ntk"] = () => new NtkProbe(),
        ["pl"] = () => new PlProbe(),
        ["output-hessian"] = () => new OutputHessianProbe(),
        ["reinit"] = () => new ReinitializationProbe(),
        ["weight-spectra"] = () => new WeightSpectraProbe(),
    };

    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>What runs when a spec names no probes.</summary>
    public static readonly string[] Defaults = { "loss", "accuracy", "grad-norm", "distance" };

    public static IProbe Create(string name) =>
        Factories.TryGetValue(name, out var make) ? make()
            : throw new InputException($"unknown probe '{name}': use {string.Join(", ", Factories.Keys)}.");

    public static IReadOnlyList<IProbe> Create(IEnumerable<string>? names) => (names ?? Defaults).Select(Create).ToList();

    /// <summary>Throws the first probe's <see cref="InputException"/> if a named probe cannot measure this network on
    /// these data (what <see cref="IProbe.Check"/> tells), before anything runs.</summary>
    public static void Check(IEnumerable<string>? names, INetwork network, DataSplit data)
    {
        var probes = Create(names);
        using var _ = Lifetime(probes);
        foreach (var probe in probes) probe.Check(network, data);
    }

    /// <summary>What a metric that some probe records means, or null for a metric no probe describes.</summary>
    public static MetricDescription? Describe(string metricName) =>
        Factories.Values.SelectMany(make => make().Describes).FirstOrDefault(d => d.Name == metricName);

    /// <summary>Disposes, when the result is disposed, the probes that hold tensors from one call to the next.</summary>
    public static IDisposable Lifetime(IEnumerable<IProbe> probes) => new ProbeLifetime(probes.OfType<IDisposable>().ToList());

    private sealed class ProbeLifetime(IReadOnlyList<IDisposable> owned) : IDisposable
    {
        public void Dispose()
        {
            foreach (var probe in owned) probe.Dispose();
        }
    }
}
