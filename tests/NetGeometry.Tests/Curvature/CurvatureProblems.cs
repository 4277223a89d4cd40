using NetGeometry.Curvature;
using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>Small seeded networks and data whose curvature matrices are cheap to form densely, and the
/// references the operators are tested against (each computed another way than the operator computes it).</summary>
public static class CurvatureProblems
{
    /// <summary>A 3-5-4-2 MLP with biases (D = 54) on 6 examples (up to 8): square loss with 2 targets, or cross-entropy over 2 classes.</summary>
    public static (INetwork Network, Dataset Data) Small(Activation activation, LossKind loss, long seed = 0, int examples = 6)
    {
        var net = new Mlp(3, new[] { 5, 4 }, 2, activation, Parameterization.Standard, bias: true);
        net.Initialize(seed);
        using var g = Seeds.Generator(seed + 100);
        var x = randn(examples, 3, generator: g, dtype: float64);
        if (loss == LossKind.Square)
            return (net, new Dataset("small", x, randn(examples, 2, generator: g, dtype: float64), "test"));
        var labels = tensor(new long[] { 0, 1, 1, 0, 1, 0, 1, 0 }.Take(examples).ToArray());
        return (net, new Dataset("small", x, nn.functional.one_hot(labels, 2).to_type(ScalarType.Float64), "test", labels, 2));
    }

    /// <summary>The operator's dense matrix, built column by column: A e_j for each unit vector e_j.</summary>
    public static Tensor Dense(ILinearOperator op)
    {
        using var identity = eye(op.Dimension, dtype: op.DType);
        var columns = Enumerable.Range(0, (int)op.Dimension).Select(j => op.Apply(identity[j])).ToList();
        return stack(columns, 1);
    }

    /// <summary>The gradient of the loss at the network's current parameters, as one vector.</summary>
    public static Tensor LossGradient(INetwork net, Dataset data, LossKind loss)
    {
        using var model = net.AsModel();
        using var value = Loss.Compute(loss, net.Forward(data.Inputs), data.Targets, data.Labels);
        return model.Flatten(Autograd.Grad(value, model.Tensors));
    }

    /// <summary>The gradient of the loss as one vector that keeps its graph (so that it can be differentiated again).</summary>
    public static Tensor LossGradientWithGraph(INetwork net, Dataset data, LossKind loss)
    {
        using var model = net.AsModel();
        var value = Loss.Compute(loss, net.Forward(data.Inputs), data.Targets, data.Labels);
        return model.Flatten(Autograd.Grad(value, model.Tensors, createGraph: true));
    }

    /// <summary>The Jacobian (rows: d output_entry / d theta) of a tensor computed by <paramref name="f"/>, one backward pass per entry.</summary>
    public static Tensor JacobianRows(INetwork net, Func<Tensor> f)
    {
        using var model = net.AsModel();
        return JacobianRows(model, f);
    }

    /// <summary>The Jacobian (rows: d output_entry / d theta, theta the model's measured parameters) of a tensor computed by <paramref name="f"/>.</summary>
    public static Tensor JacobianRows(Model model, Func<Tensor> f)
    {
        var output = f().reshape(-1);
        var rows = Enumerable.Range(0, (int)output.shape[0])
            .Select(i => model.Flatten(Autograd.Grad(new[] { output[i] }, model.Tensors, retainGraph: true, allowUnused: true)
                .Select((g, j) => g.IsInvalid ? zeros_like(model.Tensors[j]) : g).ToList())).ToList();
        return stack(rows, 0);
    }

    /// <summary>Central differences of a gradient: column j is (g(theta + h e_j) - g(theta - h e_j)) / 2h.</summary>
    public static Tensor FiniteDifferenceOfGradient(INetwork net, Func<Tensor> gradient, double h = 1e-5)
    {
        using var model = net.AsModel();
        var columns = new List<Tensor>();
        foreach (var entry in model.Parameters)
        {
            using var flat = entry.Value.detach().view(-1); // shares storage with the parameter
            for (long j = 0; j < entry.Length; j++)
            {
                double original = flat[j].item<double>();
                Tensor At(double value)
                {
                    using (no_grad()) flat[j] = value;
                    return gradient();
                }
                using var plus = At(original + h);
                using var minus = At(original - h);
                using (no_grad()) flat[j] = original;
                columns.Add(plus.sub(minus).div(Held(2 * h)));
            }
        }
        return stack(columns, 1);
    }

    /// <summary>Max-norm of a - b relative to the max-norm of b.</summary>
    public static double RelativeError(Tensor a, Tensor b)
    {
        using var diff = a.sub(b).abs().max();
        using var scale = b.abs().max();
        return diff.item<double>() / scale.item<double>();
    }

    /// <summary>A random symmetric matrix Q diag(lambda) Q^T with the given spectrum.</summary>
    public static Tensor WithSpectrum(double[] lambda, long seed)
    {
        using var g = Seeds.Generator(seed);
        using var a = randn(lambda.Length, lambda.Length, generator: g, dtype: float64);
        var (q, _) = linalg.qr(a);
        using (q)
        using (var d = diag(tensor(lambda)))
            return q.matmul(d).matmul(q.t());
    }

    /// <summary>diag(d) as an operator: a spectrum known exactly in any dimension, at one pass over a vector a product.</summary>
    public sealed class DiagonalOperator(Tensor d) : ILinearOperator
    {
        public long Dimension => d.shape[0];
        public ScalarType DType => d.dtype;
        public Device Device => d.device;
        public Tensor Apply(Tensor v) => v.mul(d);
    }
}
