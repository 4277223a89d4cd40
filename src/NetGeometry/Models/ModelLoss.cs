using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>How a loss function reduces over the examples of a batch.</summary>
public enum LossReduction
{
    /// <summary>The loss is a mean over the batch's examples; over several batches the total is the mean over all examples.</summary>
    Mean,
    /// <summary>The loss is a sum over the batch's examples; over several batches the total is the sum.</summary>
    Sum,
}

/// <summary>
/// A loss l(f, y) of a batch's outputs f (first dimension: examples) and targets y, with its reduction stated, so that
/// the loss over a sequence of batches is exact: for Mean, L = sum_b n_b L_b / sum_b n_b; for Sum, L = sum_b L_b.
/// Built in: <see cref="Square"/> (1/2 mean over examples of ||f - y||^2) and <see cref="CrossEntropy"/> (mean of
/// -log softmax(f)_c over examples, targets c int64 class indices, as <c>torch.nn.functional.cross_entropy</c>);
/// any other is <see cref="Custom"/>.
/// </summary>
public sealed class ModelLoss
{
    private readonly Func<Tensor, Tensor, Tensor> function;

    private ModelLoss(string name, Func<Tensor, Tensor, Tensor> function, LossReduction reduction)
    {
        Name = name;
        this.function = function;
        Reduction = reduction;
    }

    /// <summary>A short name ("square", "cross-entropy" or the name a custom loss was given).</summary>
    public string Name { get; }

    /// <summary>How the function reduces over a batch.</summary>
    public LossReduction Reduction { get; }

    /// <summary>L = (1 / 2n) sum_i ||f(x_i) - y_i||^2 (targets shaped like the outputs).</summary>
    public static ModelLoss Square { get; } = new("square", SquareLoss, LossReduction.Mean);

    /// <summary>L = -(1/n) sum_i log softmax(f(x_i))_{c_i} (outputs n x classes, targets n class indices, int64).</summary>
    public static ModelLoss CrossEntropy { get; } = new("cross-entropy", CrossEntropyLoss, LossReduction.Mean);

    /// <summary>Any differentiable scalar function of (outputs, targets), reducing over the batch as stated.</summary>
    public static ModelLoss Custom(Func<Tensor, Tensor, Tensor> function, LossReduction reduction, string name = "custom") =>
        new(name, function ?? throw new ArgumentNullException(nameof(function)), reduction);

    /// <summary>"square" (or "mse") and "cross-entropy" (or "ce"); anything else is an <see cref="InputException"/>.</summary>
    public static ModelLoss Parse(string text) => text.ToLowerInvariant() switch
    {
        "square" or "mse" => Square,
        "cross-entropy" or "ce" => CrossEntropy,
        _ => throw new InputException($"unknown loss '{text}': use square or cross-entropy."),
    };

    /// <summary>The batch's loss, a scalar reduced as <see cref="Reduction"/> says.</summary>
    public Tensor Compute(Tensor outputs, Tensor targets)
    {
        var value = function(outputs, targets);
        if (value.numel() != 1)
            throw new InputException($"the {Name} loss gave {value.numel()} values for a batch; a loss must reduce the batch to one number.");
        return value.reshape(Array.Empty<long>());
    }

    /// <summary>The weight of a batch of n examples in the sum over batches, before dividing by the total weight.</summary>
    internal double BatchWeight(long n) => Reduction == LossReduction.Mean ? n : 1.0;

    /// <summary>What the weighted sum over batches is divided by, given the number of examples of all batches.</summary>
    internal double TotalWeight(long n) => Reduction == LossReduction.Mean ? n : 1.0;

    private static Tensor SquareLoss(Tensor outputs, Tensor targets)
    {
        InputException.Require(outputs.shape.SequenceEqual(targets.shape),
            $"the square loss needs targets shaped like the outputs [{string.Join(", ", outputs.shape)}], got [{string.Join(", ", targets.shape)}].");
        return outputs.sub(targets).square().sum().div(2.0 * outputs.shape[0]);
    }

    private static Tensor CrossEntropyLoss(Tensor outputs, Tensor targets)
    {
        InputException.Require(outputs.dim() == 2, $"the cross-entropy loss needs outputs n x classes, got [{string.Join(", ", outputs.shape)}].");
        InputException.Require(targets.dim() == 1 && targets.shape[0] == outputs.shape[0] && targets.dtype == ScalarType.Int64,
            $"the cross-entropy loss needs {outputs.shape[0]} int64 class indices as targets, got {targets.dtype} [{string.Join(", ", targets.shape)}].");
        using (var _ = no_grad())
        {
            long low = targets.min().item<long>(), high = targets.max().item<long>();
            InputException.Require(low >= 0 && high < outputs.shape[1],
                $"the cross-entropy targets must be class indices in [0, {outputs.shape[1]}), got values in [{low}, {high}].");
        }
        return nn.functional.cross_entropy(outputs, targets);
    }
}
