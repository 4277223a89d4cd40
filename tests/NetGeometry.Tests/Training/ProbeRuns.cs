using NetGeometry.Data;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using NetGeometry.Training.Probes;

namespace NetGeometry.Tests.Training;

/// <summary>Calls a probe as the trainer does: a context for the network as it is now, with its initial parameters.</summary>
public static class ProbeRuns
{
    public static Dictionary<string, double> Measure(IProbe probe, long step, INetwork network, DataSplit data, ParameterSnapshot initial)
    {
        using var context = new ProbeContext(step, network, data, LossKind.Square, initial);
        return probe.Measure(context).ToDictionary(m => m.Layer is null ? m.Name : $"{m.Name}/{m.Layer}", m => m.Value);
    }
}
