using NetGeometry.Data;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Spectral;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// The residual r = f(X) - y in the eigenspaces of H(0)/n (Su &amp; Yang 2019, Sec. 3-4), for Du et al.'s two-layer
/// ReLU network on inputs on the unit sphere. At its first call the probe builds H(0) from the initial hidden weights
/// (context.Initial["hidden.weight"], so it is the finite-width Gram matrix the run starts from, not H-inf), and groups
/// the eigenvalues of H(0)/n into degree clusters by the Funk-Hecke eigenvalues of the limit kernel
/// (<see cref="ZonalKernels.Du"/>) for degrees up to <see cref="MaxDegree"/> (<see cref="EigenClusters"/>). It
/// records, at every call, residual_energy = (1/n) ||P r||^2 for the whole residual (layer null, = 2 x train_loss),
/// for each cluster (layer "degree0", "degree1", "degree2", "degree4", ...) and outside them all (layer "rest"); and,
/// at the first call only, h0_eigenvalue, the mean eigenvalue of H(0)/n in each cluster (layer "degreeL"), the rate
/// the cluster's residual should shrink by: (1 - eta h0_eigenvalue) per step of gradient descent.
/// </summary>
public sealed class ResidualSpectrumProbe : IProbe, IDisposable
{
    public const int MaxDegree = 8;
    private EigenClusters? _clusters;

    public string Name => "residual-spectrum";

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var values = new List<Metric>();
        if (_clusters is null)
        {
            _clusters = InitialClusters(c);
            values.AddRange(_clusters.Clusters.Select(k => c.Value("h0_eigenvalue", k.Mean, $"degree{k.Degree}")));
        }
        using var residual = c.TrainOutputs.sub(c.Train.Targets);
        var energies = ResidualProjection.Of(_clusters, residual);
        values.Add(c.Value("residual_energy", energies.Total));
        values.AddRange(energies.Clusters.Select(e => c.Value("residual_energy", e.Energy, $"degree{e.Degree}")));
        values.Add(c.Value("residual_energy", energies.Rest, "rest"));
        return values;
    }

    private static EigenClusters InitialClusters(ProbeContext c)
    {
        Require(c.Network, c.Train.Inputs);
        var x = c.Train.Inputs;
        int n = (int)x.shape[0], d = (int)x.shape[1];
        var theory = FunkHecke.Eigenvalues(ZonalKernels.Du, d, MaxDegree);
        using var h = DuGram.Finite(x, c.Initial["hidden.weight"]);
        using var hOverN = h.div(Held(n));
        return EigenClusters.Of(hOverN, theory).DetachFromDisposeScope();
    }

    /// <summary>Refuses, before the run, a network other than Du et al.'s or inputs off the unit sphere.</summary>
    public void Check(INetwork network, DataSplit data) => Require(network, data.Train.Inputs);

    private static void Require(INetwork network, Tensor inputs)
    {
        InputException.Require(network.Family == "two-layer-relu" && network.OutputDim == 1,
            $"the residual-spectrum probe needs {NetworkSpec.Field(nameof(NetworkSpec.Model))} two-layer-relu (Du et al.'s H(0)); this run trains {network.Family} with {network.OutputDim} outputs.");
        using var norms = inputs.norm(1);
        using var offUnit = norms.sub(Held(1)).abs().max();
        InputException.Require(offUnit.item<double>() <= 1e-8,
            $"the residual-spectrum probe needs inputs on the unit sphere ({DataSpec.Field(nameof(DataSpec.Source))} sphere, without {DataSpec.Field(nameof(DataSpec.Standardize))}): its clusters are spherical-harmonic degrees.");
    }

    public void Dispose() => _clusters?.Dispose();
}
