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
/// any other is <see cref="Custom"/>. Besides its value, a loss gives what the curvature operators need: each example's
/// loss (<see cref="PerExample"/>, the empirical Fisher's) and, for the built-in losses, the Hessian of the batch's loss
/// in the outputs in closed form (the Gauss-Newton matrix's; a custom loss's comes from double backward).
/// </summary>
public sealed class ModelLoss
{
    private readonly Func<Tensor, Tensor, Tensor> function;
    private readonly Func<Tensor, Tensor, Tensor>? perExample;
    private readonly Func<Tensor, Tensor, Tensor>? outputHessian;

    private ModelLoss(string name, LossReduction reduction, Func<Tensor, Tensor, Tensor> function,
        Func<Tensor, Tensor, Tensor>? perExample = null, Func<Tensor, Tensor, Tensor>? outputHessian = null)
    {
        Name = name;
        Reduction = reduction;
        this.function = function;
        this.perExample = perExample;
        this.outputHessian = outputHessian;
    }

    /// <summary>A short name ("square", "cross-entropy" or the name a custom loss was given).</summary>
    public string Name { get; }

    /// <summary>How the function reduces over a batch.</summary>
    public LossReduction Reduction { get; }

    /// <summary>L = (1 / 2n) sum_i ||f(x_i) - y_i||^2 (targets shaped like the outputs).</summary>
    public static ModelLoss Square { get; } = new("square", LossReduction.Mean, SquareLoss, SquarePerExample, SquareOutputHessian);

    /// <summary>L = -(1/n) sum_i log softmax(f(x_i))_{c_i} (outputs n x classes, targets n class indices, int64).</summary>
    public static ModelLoss CrossEntropy { get; } = new("cross-entropy", LossReduction.Mean, CrossEntropyLoss, CrossEntropyPerExample,
        CrossEntropyOutputHessian);

    /// <summary>
    /// Any differentiable scalar function of (outputs, targets), reducing over the batch as stated: a mean or a sum of
    /// per-example terms, each depending on its own example's outputs and targets only.
    /// </summary>
    public static ModelLoss Custom(Func<Tensor, Tensor, Tensor> function, LossReduction reduction, string name = "custom") =>
        new(name, reduction, function ?? throw new ArgumentNullException(nameof(function)));

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

    /// <summary>
    /// Each example's loss l_i, a vector of the batch's n examples whose mean (<see cref="LossReduction.Mean"/>) or sum
    /// (<see cref="LossReduction.Sum"/>) is <see cref="Compute"/>'s value. A custom loss is evaluated on each example
    /// alone (a batch of one, whose mean and sum are that example's term), one call per example.
    /// </summary>
    public Tensor PerExample(Tensor outputs, Tensor targets)
    {
        if (perExample is not null) return perExample(outputs, targets);
        InputException.Require(outputs.dim() >= 1 && outputs.shape[0] == targets.shape[0],
            $"the {Name} loss needs as many targets as outputs per batch, got [{Shape(outputs)}] and [{Shape(targets)}].");
        using var scope = NewDisposeScope();
        var terms = Enumerable.Range(0, (int)outputs.shape[0])
            .Select(i => Compute(outputs.narrow(0, i, 1), targets.narrow(0, i, 1))).ToList();
        return stack(terms, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Whether <see cref="OutputHessian"/> has a closed form (the built-in losses); a custom loss's H_L comes from double backward.</summary>
    internal bool HasOutputHessian => outputHessian is not null;

    /// <summary>
    /// H_L u for the Hessian H_L = d^2 L_b / d f^2 of the batch's loss in its outputs f, applied to u shaped like the
    /// outputs, in closed form (built-in losses only). The targets do not enter: neither built-in loss's Hessian in the
    /// outputs depends on them.
    /// </summary>
    internal Tensor OutputHessian(Tensor outputs, Tensor u) =>
        (outputHessian ?? throw new InvalidOperationException($"the {Name} loss has no closed-form Hessian in the outputs."))(outputs, u);

    /// <summary>The weight of a batch of n examples in the sum over batches, before dividing by the total weight.</summary>
    internal double BatchWeight(long n) => Reduction == LossReduction.Mean ? n : 1.0;

    /// <summary>What the weighted sum over batches is divided by, given the number of examples of all batches.</summary>
    internal double TotalWeight(long n) => Reduction == LossReduction.Mean ? n : 1.0;

    private static Tensor SquareLoss(Tensor outputs, Tensor targets)
    {
        RequireSquareTargets(outputs, targets);
        return outputs.sub(targets).pow(Held(2)).sum().div(Held(2.0 * outputs.shape[0]));
    }

    /// <summary>l_i = 1/2 ||f(x_i) - y_i||^2, over all of an example's outputs.</summary>
    private static Tensor SquarePerExample(Tensor outputs, Tensor targets)
    {
        RequireSquareTargets(outputs, targets);
        return outputs.sub(targets).pow(Held(2)).reshape(outputs.shape[0], -1).sum(1).mul(Held(0.5));
    }

    /// <summary>H_L = I / n for L = (1/2n) sum_i ||f_i - y_i||^2 (Martens 2020, "New insights and perspectives on the natural gradient method", sec. 8.1).</summary>
    private static Tensor SquareOutputHessian(Tensor outputs, Tensor u) => u.div(Held((double)outputs.shape[0]));

    private static void RequireSquareTargets(Tensor outputs, Tensor targets) =>
        InputException.Require(outputs.shape.SequenceEqual(targets.shape),
            $"the square loss needs targets shaped like the outputs [{Shape(outputs)}], got [{Shape(targets)}].");

    private static Tensor CrossEntropyLoss(Tensor outputs, Tensor targets)
    {
        RequireClasses(outputs, targets);
        return nn.functional.cross_entropy(outputs, targets);
    }

    /// <summary>l_i = -log softmax(f(x_i))_{c_i}.</summary>
    private static Tensor CrossEntropyPerExample(Tensor outputs, Tensor targets)
    {
        RequireClasses(outputs, targets);
        return nn.functional.cross_entropy(outputs, targets, reduction: nn.Reduction.None);
    }

    /// <summary>
    /// H_L = (1/n) blockdiag_i(diag(p_i) - p_i p_i^T) with p_i = softmax(f(x_i)) for the mean cross-entropy (Martens
    /// 2020, sec. 8.1; Schraudolph 2002, "Fast curvature matrix-vector products for second-order gradient descent",
    /// sec. 3): row i of H_L u is (p_i o u_i - p_i (p_i . u_i)) / n.
    /// </summary>
    private static Tensor CrossEntropyOutputHessian(Tensor outputs, Tensor u)
    {
        using var scope = NewDisposeScope();
        var p = nn.functional.softmax(outputs.detach(), 1);
        var pu = p.mul(u);
        return pu.sub(p.mul(pu.sum(1, keepdim: true))).div_(Held((double)outputs.shape[0])).MoveToOuterDisposeScope();
    }

    private static void RequireClasses(Tensor outputs, Tensor targets)
    {
        InputException.Require(outputs.dim() == 2, $"the cross-entropy loss needs outputs n x classes, got [{Shape(outputs)}].");
        InputException.Require(targets.dim() == 1 && targets.shape[0] == outputs.shape[0] && targets.dtype == ScalarType.Int64,
            $"the cross-entropy loss needs {outputs.shape[0]} int64 class indices as targets, got {targets.dtype} [{Shape(targets)}].");
        using (var _ = no_grad())
        {
            long low = targets.min().item<long>(), high = targets.max().item<long>();
            InputException.Require(low >= 0 && high < outputs.shape[1],
                $"the cross-entropy targets must be class indices in [0, {outputs.shape[1]}), got values in [{low}, {high}].");
        }
    }

    private static string Shape(Tensor t) => string.Join(", ", t.shape);
}
