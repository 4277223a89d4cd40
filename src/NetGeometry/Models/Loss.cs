using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>The training objective of a built-in network (<see cref="Loss"/>); a <see cref="Model"/>'s is a <see cref="ModelLoss"/>.</summary>
public enum LossKind
{
    /// <summary>L = (1 / 2n) sum_i ||f(x_i) - y_i||^2 (the square loss, halved and averaged over examples).</summary>
    Square,
    /// <summary>L = -(1/n) sum_i log softmax(f(x_i))_{c_i} (needs integer labels).</summary>
    CrossEntropy,
}

/// <summary>
/// The two built-in losses of <see cref="LossKind"/> on a whole dataset's outputs, targets and labels, as the built-in
/// networks train and are evaluated with them; the same functions as <see cref="ModelLoss.Square"/> and
/// <see cref="ModelLoss.CrossEntropy"/>.
/// </summary>
public static class Loss
{
    /// <summary>"square" (or "mse") and "cross-entropy" (or "ce"), in any case.</summary>
    /// <exception cref="InputException">Any other name.</exception>
    public static LossKind Parse(string text) => text.ToLowerInvariant() switch
    {
        "square" or "mse" => LossKind.Square,
        "cross-entropy" or "ce" => LossKind.CrossEntropy,
        _ => throw new InputException($"unknown loss '{text}': use square or cross-entropy."),
    };

    /// <summary>The loss of outputs f (n x o) against targets (n x o, the square loss) or labels (n, int64,
    /// cross-entropy), a scalar tensor with the outputs' graph.</summary>
    /// <exception cref="InputException">Cross-entropy without labels (a regression set).</exception>
    public static Tensor Compute(LossKind kind, Tensor outputs, Tensor targets, Tensor? labels) => kind switch
    {
        LossKind.Square => SquareLoss(outputs, targets),
        LossKind.CrossEntropy => nn.functional.cross_entropy(outputs, RequireLabels(labels)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>sum |f - y|^2 / (2 n).</summary>
    private static Tensor SquareLoss(Tensor outputs, Tensor targets) =>
        outputs.sub(targets).pow(Held(2)).sum().div(Held(2.0 * outputs.shape[0]));

    /// <summary>The run spec's field that chooses the loss (training.loss), for error messages.</summary>
    internal static InputField Field => InputField.Of("loss", "training");

    private static Tensor RequireLabels(Tensor? labels) => labels ?? throw NoLabels();

    /// <summary>Cross-entropy asked of data without class labels, in one line.</summary>
    internal static InputException NoLabels() =>
        new($"{Field} cross-entropy needs class labels; these data are a regression set (use {Field} square).");
}
