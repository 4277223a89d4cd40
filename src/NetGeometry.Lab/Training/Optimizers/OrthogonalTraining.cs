using NetGeometry.Engine;
using NetGeometry.Networks;
using NetGeometry.Orthogonal;
using static TorchSharp.torch;

namespace NetGeometry.Training.Optimizers;

/// <summary>
/// The run's optimizer, extended for the OPT layers that need more than a gradient step on R (Liu et al., CVPR 2021);
/// <see cref="TrainingSpec.CreateOptimizer(INetwork, long)"/> makes it when a network has any:
/// OGD layers: R is moved by <see cref="OrthogonalGradientDescent"/> (learning rate <see cref="TrainingSpec.OptLearningRate"/>,
/// else the run's; momentum <see cref="TrainingSpec.Momentum"/>; drift tolerance <see cref="TrainingSpec.OgdTolerance"/>),
/// not by the run's optimizer.
/// OR layers: the gradient of lambda ||R R^T - I||_F (<see cref="OrthogonalityPenalty"/>, lambda = <see cref="TrainingSpec.OrPenalty"/>)
/// is added to R's, exactly as if the penalty were part of the loss (recorded losses stay the data loss).
/// S-OPT layers: after every <see cref="TrainingSpec.SoptEpisode"/> updates each folds W back into V, resets R (and
/// OGD's momentum for it) and draws its next subset from a generator seeded by (seed, "sopt"). The run optimizer's
/// state for R (momentum, Adam's moments) carries over episodes, as in the reference code.
/// Every other parameter is the run's optimizer's, unchanged.
/// </summary>
public sealed class OrthogonalTraining : IOptimizer
{
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly bool[] _byOgd;
    private readonly IOptimizer _run;
    private readonly OrthogonalGradientDescent? _ogd;
    private readonly Dictionary<Tensor, double> _penalized = new(ReferenceEqualityComparer.Instance);
    private readonly IReadOnlyList<OptLayer> _stochastic;
    private readonly int _episode;
    private readonly Generator _subsets;
    private long _updates;

    public OrthogonalTraining(IReadOnlyList<Tensor> parameters, IReadOnlyList<OptLayer> layers, TrainingSpec spec, long seed)
    {
        _parameters = parameters;
        bool Trained(Tensor r) => parameters.Any(p => ReferenceEquals(p, r));
        var ogd = layers.Where(l => l.Method == OrthogonalMethod.OrthogonalGradientDescent && Trained(l.R)).Select(l => l.R).ToList();
        _byOgd = parameters.Select(p => ogd.Any(r => ReferenceEquals(r, p))).ToArray();
        _run = spec.CreateOptimizer(parameters.Where((_, i) => !_byOgd[i]).ToList());
        if (ogd.Count > 0)
            _ogd = new OrthogonalGradientDescent(ogd, spec.OptLearningRate ?? spec.ResolveLearningRate(), spec.Momentum, spec.OgdTolerance);
        foreach (var layer in layers.Where(l => l.Method == OrthogonalMethod.OrthogonalRegularization && Trained(l.R)))
            _penalized[layer.R] = spec.OrPenalty;
        _stochastic = layers.Where(l => l.StochasticFraction is not null && Trained(l.R)).ToList();
        _episode = spec.SoptEpisode;
        _subsets = Seeds.Generator(Seeds.Derive(seed, "sopt"));
    }

    /// <summary>The OGD optimizer of the OGD layers' R, if there are any (its drift statistics).</summary>
    public OrthogonalGradientDescent? Ogd => _ogd;

    public void Step(IReadOnlyList<Tensor> gradients)
    {
        var run = new List<Tensor>();
        var ogd = new List<Tensor>();
        for (int i = 0; i < _parameters.Count; i++)
        {
            if (_byOgd[i]) ogd.Add(gradients[i]);
            else if (_penalized.TryGetValue(_parameters[i], out var lambda))
                run.Add(gradients[i].add(OrthogonalityPenalty.Gradient(_parameters[i], lambda), Held(1)));
            else run.Add(gradients[i]);
        }
        _run.Step(run);
        _ogd?.Step(ogd);
        if (++_updates % _episode != 0) return;
        foreach (var layer in _stochastic)
        {
            layer.FoldBack(_subsets);
            _ogd?.ResetMomentum(layer.R);
        }
    }

    public void Dispose()
    {
        _run.Dispose();
        _ogd?.Dispose();
        _subsets.Dispose();
    }
}
