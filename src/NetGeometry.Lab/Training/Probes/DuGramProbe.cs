using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Training.Probes;

/// <summary>
/// Du, Zhai, Poczos &amp; Singh (ICLR 2019), Sec. 3-4, on the training inputs of a two-layer ReLU network
/// (<see cref="TwoLayerRelu"/>): the Gram matrix H(t)_ij = (x_i . x_j / m) sum_r 1{w_r(t) . x_i &gt;= 0, w_r(t) . x_j &gt;= 0}
/// (<see cref="DuGram.Finite"/>), its smallest eigenvalue du_gram_lambda_min (their Lemma 3.2 keeps it above
/// lambda_0 / 2 while every w_r stays within R of w_r(0)) and its distance du_gram_distance = ||H(t) - H-inf||_2 to
/// the limit (Lemma 3.1: at most lambda_0 / 4 at initialization for m large enough). At its first call the probe
/// computes H-inf (<see cref="DuGram.HInfinity"/>, kept for the run) and records du_lambda_0 = lambda_min(H-inf)
/// (Assumption 3.1) and du_limit_lambda_max = lambda_max(H-inf) (eta = 1 / lambda_max(H-inf) is a good step for
/// their loss 1/2 sum (f - y)^2).
/// </summary>
public sealed class DuGramProbe : IProbe, IDisposable
{
    private Tensor? _limit;

    public string Name => "du-gram";

    public IReadOnlyList<MetricDescription> Describes { get; } =
    [
        new("du_gram_lambda_min", "lambda_min(H(t))", "the smallest eigenvalue of Du et al.'s Gram matrix H(t) on the training inputs"),
        new("du_gram_distance", "||H(t) - H-inf||_2", "the spectral-norm distance of Du et al.'s Gram matrix H(t) to its infinite-width limit H-inf"),
        new("du_lambda_0", "lambda_0 = lambda_min(H-inf)", "the smallest eigenvalue of the infinite-width Gram matrix H-inf on the training inputs"),
        new("du_limit_lambda_max", "lambda_max(H-inf)", "the largest eigenvalue of the infinite-width Gram matrix H-inf on the training inputs"),
    ];

    public void Check(INetwork network, DataSplit data) => Du(network);

    private static TwoLayerRelu Du(INetwork network) => network as TwoLayerRelu ?? throw new InputException(
        $"the du-gram probe needs {NetworkSpec.Field(nameof(NetworkSpec.Model))} two-layer-relu (Du et al.'s Gram matrix H(t) is defined for it); this run trains {network.Family}.");

    public IEnumerable<Metric> Measure(ProbeContext c)
    {
        var network = Du(c.Network);
        var values = new List<Metric>();
        if (_limit is null)
        {
            _limit = DuGram.HInfinity(c.Train.Inputs).DetachFromDisposeScope();
            var limit = KernelDiagnostics.Spectrum(_limit);
            values.Add(c.Value("du_lambda_0", limit.LambdaMin));
            values.Add(c.Value("du_limit_lambda_max", limit.LambdaMax));
        }
        using var gram = DuGram.Finite(c.Train.Inputs, network.Hidden.Weight);
        values.Add(c.Value("du_gram_lambda_min", KernelDiagnostics.Spectrum(gram).LambdaMin));
        values.Add(c.Value("du_gram_distance", KernelDiagnostics.SpectralDistance(gram, _limit)));
        return values;
    }

    public void Dispose() => _limit?.Dispose();
}
