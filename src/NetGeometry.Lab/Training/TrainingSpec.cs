using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Orthogonal;
using NetGeometry.Training.Optimizers;
using static TorchSharp.torch;

namespace NetGeometry.Training;

/// <summary>
/// How to train, as plain values (what spec.json stores and the CLI parses). Either Steps or Epochs sets the length
/// (neither: <see cref="DefaultSteps"/> updates). Optimizer "gd" is always full batch; for the others BatchSize null means full batch up to
/// <see cref="FullBatchLimit"/> examples and batches of <see cref="DefaultBatchSize"/> beyond. LearningRate null
/// means the optimizer's default (adam 1e-3, the others 0.1).
/// </summary>
public sealed record TrainingSpec
{
    /// <summary>gd (full-batch gradient descent), sgd, momentum, or adam.</summary>
    public string Optimizer { get; init; } = "adam";
    public double? LearningRate { get; init; }
    /// <summary>mu for the momentum optimizer.</summary>
    public double Momentum { get; init; } = 0.9;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    /// <summary>square or cross-entropy; null picks cross-entropy for class labels, square otherwise.</summary>
    public string? Loss { get; init; }
    public int? Steps { get; init; }
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    /// <summary>When probes run: "every:K", "log:N" (N log-spaced steps), "epoch", or "end"; step 0 and the last
    /// step are always included.</summary>
    public string ProbeSchedule { get; init; } = "log:30";
    /// <summary>Probe names (see <see cref="Probes.ProbeRegistry"/>); null means the defaults.</summary>
    public string[]? Probes { get; init; }
    /// <summary>When checkpoints are saved, in the same syntax as ProbeSchedule; null saves none.</summary>
    public string? CheckpointSchedule { get; init; }
    /// <summary>OPT layers trained by OGD: the learning rate eta of their R (null: the run's learning rate).</summary>
    public double? OptLearningRate { get; init; }
    /// <summary>OGD: R is projected back to the orthogonal group whenever ||R R^T - I||_F exceeds this.</summary>
    public double OgdTolerance { get; init; } = 1e-8;
    /// <summary>OR: lambda of the penalty lambda ||R R^T - I||_F per OPT layer (the reference code's 0.1).</summary>
    public double OrPenalty { get; init; } = 0.1;
    /// <summary>S-OPT: updates per episode; each episode ends with every S-OPT layer folding W back into V.</summary>
    public int SoptEpisode { get; init; } = 200;

    public static readonly string[] Optimizers = { "gd", "sgd", "momentum", "adam" };
    public const int FullBatchLimit = 2048, DefaultBatchSize = 128, DefaultSteps = 500;

    public double ResolveLearningRate() => LearningRate ?? (Optimizer == "adam" ? 1e-3 : 0.1);

    /// <summary>The run's loss: the spec's, else cross-entropy for data with class labels and square otherwise.</summary>
    /// <exception cref="InputException">Cross-entropy asked of data without labels (a regression set).</exception>
    public LossKind ResolveLoss(bool hasLabels)
    {
        var loss = Loss is null ? (hasLabels ? LossKind.CrossEntropy : LossKind.Square) : Models.Loss.Parse(Loss);
        return loss == LossKind.CrossEntropy && !hasLabels ? throw Models.Loss.NoLabels() : loss;
    }

    /// <summary>The mini-batch size for n examples (n itself for full batch).</summary>
    public int ResolveBatchSize(long n) =>
        Optimizer == "gd" ? (int)n
        : BatchSize is { } size ? (int)Math.Min(size, n)
        : n <= FullBatchLimit ? (int)n : DefaultBatchSize;

    /// <summary>The total number of parameter updates for n examples.</summary>
    public long ResolveSteps(long n)
    {
        if (Steps is { } steps) return steps;
        if (Epochs is not { } epochs) return DefaultSteps;
        return epochs * StepsPerEpoch(n);
    }

    /// <summary>The steps at which a run on n examples saves its checkpoints (empty without a checkpoint schedule).</summary>
    public IReadOnlyCollection<long> ResolveCheckpointSteps(long n)
    {
        if (CheckpointSchedule is null) return [];
        return Training.ProbeSchedule.Parse(CheckpointSchedule, ResolveSteps(n), StepsPerEpoch(n)).Steps;
    }

    /// <summary>Parameter updates per pass over n examples.</summary>
    public long StepsPerEpoch(long n) => (n + ResolveBatchSize(n) - 1) / ResolveBatchSize(n);

    /// <summary>The field of one of these properties as a run spec names it (training.learningRate), for error messages.</summary>
    internal static InputField Field(string property) => InputField.Of(property, "training");

    /// <summary>Checks every field; a bad one gets an <see cref="InputException"/> naming it.</summary>
    public void Validate()
    {
        InputException.Require(Optimizers.Contains(Optimizer), $"unknown optimizer '{Optimizer}': use {string.Join(", ", Optimizers)}.");
        InputException.Require(LearningRate is null || (LearningRate > 0 && double.IsFinite(LearningRate.Value)),
            $"{Field(nameof(LearningRate))} must be a positive number, got {LearningRate}.");
        InputException.Require(Steps is null || Epochs is null, $"give {Field(nameof(Steps))} or {Field(nameof(Epochs))}, not both.");
        InputException.Require(Steps is null or >= 0, $"{Field(nameof(Steps))} must be zero or more, got {Steps}.");
        InputException.Require(Epochs is null or > 0, $"{Field(nameof(Epochs))} must be a positive integer, got {Epochs}.");
        InputException.Require(BatchSize is null or > 0, $"{Field(nameof(BatchSize))} must be a positive integer, got {BatchSize}.");
        InputException.Require(Momentum is >= 0 and < 1, $"{Field(nameof(Momentum))} must lie in [0, 1), got {Momentum}.");
        InputException.Require(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1, "Adam's beta1 and beta2 must lie in [0, 1).");
        InputException.Require(OptLearningRate is null || (OptLearningRate > 0 && double.IsFinite(OptLearningRate.Value)),
            $"{Field(nameof(OptLearningRate))} must be a positive number, got {OptLearningRate}.");
        InputException.Require(OgdTolerance >= 0, $"{Field(nameof(OgdTolerance))} must be zero or more, got {OgdTolerance}.");
        InputException.Require(OrPenalty >= 0 && double.IsFinite(OrPenalty), $"{Field(nameof(OrPenalty))} must be zero or more, got {OrPenalty}.");
        InputException.Require(SoptEpisode > 0, $"{Field(nameof(SoptEpisode))} must be a positive number of updates, got {SoptEpisode}.");
        if (Loss is not null) Models.Loss.Parse(Loss);
        Training.ProbeSchedule.Parse(ProbeSchedule, 1, 1);
        if (CheckpointSchedule is not null) Training.ProbeSchedule.Parse(CheckpointSchedule, 1, 1);
        foreach (var p in Probes ?? Array.Empty<string>()) Training.Probes.ProbeRegistry.Create(p);
    }

    /// <summary>
    /// The optimizer for a network's trainable parameters (in <see cref="NetworkExtensions.TrainableParameters"/>
    /// order): the run's, extended by <see cref="OrthogonalTraining"/> when OPT layers use OGD, OR or S-OPT.
    /// </summary>
    public IOptimizer CreateOptimizer(INetwork net, long seed)
    {
        var parameters = net.TrainableParameters();
        var opt = net.Layers.OfType<OptLayer>().ToList();
        return opt.Any(l => l.StochasticFraction is not null
                            || l.Method is OrthogonalMethod.OrthogonalGradientDescent or OrthogonalMethod.OrthogonalRegularization)
            ? new OrthogonalTraining(parameters, opt, this, seed)
            : CreateOptimizer(parameters);
    }

    /// <summary>The run's optimizer over the given parameters.</summary>
    public IOptimizer CreateOptimizer(IReadOnlyList<Tensor> parameters) => Optimizer switch
    {
        "gd" or "sgd" => new GradientDescent(parameters, ResolveLearningRate()),
        "momentum" => new Optimizers.Momentum(parameters, ResolveLearningRate(), Momentum),
        "adam" => new Adam(parameters, ResolveLearningRate(), Beta1, Beta2),
        _ => throw new InputException($"unknown optimizer '{Optimizer}': use {string.Join(", ", Optimizers)}."),
    };
}
