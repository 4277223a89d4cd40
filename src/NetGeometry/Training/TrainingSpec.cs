using NetGeometry.Engine;
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

    public static readonly string[] Optimizers = { "gd", "sgd", "momentum", "adam" };
    public const int FullBatchLimit = 2048, DefaultBatchSize = 128, DefaultSteps = 500;

    public double ResolveLearningRate() => LearningRate ?? (Optimizer == "adam" ? 1e-3 : 0.1);

    public LossKind ResolveLoss(bool hasLabels) =>
        Loss is null ? (hasLabels ? LossKind.CrossEntropy : LossKind.Square) : Training.Loss.Parse(Loss);

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
        long perEpoch = (n + ResolveBatchSize(n) - 1) / ResolveBatchSize(n);
        return epochs * perEpoch;
    }

    /// <summary>Checks every field; a bad one gets an <see cref="InputException"/> naming it.</summary>
    public void Validate()
    {
        InputException.Require(Optimizers.Contains(Optimizer), $"unknown optimizer '{Optimizer}': use {string.Join(", ", Optimizers)}.");
        InputException.Require(LearningRate is null || (LearningRate > 0 && double.IsFinite(LearningRate.Value)),
            $"--lr must be a positive number, got {LearningRate}.");
        InputException.Require(Steps is null || Epochs is null, "give --steps or --epochs, not both.");
        InputException.Require(Steps is null or >= 0, $"--steps must be zero or more, got {Steps}.");
        InputException.Require(Epochs is null or > 0, $"--epochs must be a positive integer, got {Epochs}.");
        InputException.Require(BatchSize is null or > 0, $"--batch-size must be a positive integer, got {BatchSize}.");
        InputException.Require(Momentum is >= 0 and < 1, $"--momentum must lie in [0, 1), got {Momentum}.");
        InputException.Require(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1, "Adam's beta1 and beta2 must lie in [0, 1).");
        if (Loss is not null) Training.Loss.Parse(Loss);
        Training.ProbeSchedule.Parse(ProbeSchedule, 1, 1);
        if (CheckpointSchedule is not null) Training.ProbeSchedule.Parse(CheckpointSchedule, 1, 1);
        foreach (var p in Probes ?? Array.Empty<string>()) Training.Probes.ProbeRegistry.Create(p);
    }

    public IOptimizer CreateOptimizer(IReadOnlyList<Tensor> parameters) => Optimizer switch
    {
        "gd" or "sgd" => new GradientDescent(parameters, ResolveLearningRate()),
        "momentum" => new Optimizers.Momentum(parameters, ResolveLearningRate(), Momentum),
        "adam" => new Adam(parameters, ResolveLearningRate(), Beta1, Beta2),
        _ => throw new InputException($"unknown optimizer '{Optimizer}': use {string.Join(", ", Optimizers)}."),
    };
}
