using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Kernels;

/// <summary>
/// The empirical neural tangent kernel of a model or network (Jacot et al. 2018): Theta(x, x') = J(x) J(x')^T with
/// J = df/dtheta over the parameters of the trained layers (or of the layers named in <see cref="NtkOptions.Layers"/>:
/// per-layer kernels, which add up to the whole). One entry point for every method (<see cref="NtkMethod"/>); the
/// result is traced (n1 x n2) or full (n1 o x n2 o), in <see cref="NtkOptions.DType"/> (float64 by default), on the
/// network's device. Inputs are checked before any autograd call; bad ones throw an InputException.
/// </summary>
public static class EmpiricalNtk
{
    /// <summary>Theta(X1, X2) of a built-in network (inputs n x InputDim), or Theta(X1, X1) when <paramref name="x2"/> is null:
    /// its model's kernel (<see cref="NetworkExtensions.AsModel"/>), the path any module takes.</summary>
    /// <exception cref="Engine.InputException">The inputs, layers, method or memory do not fit the request.</exception>
    public static Tensor Compute(INetwork network, Tensor x1, Tensor? x2 = null, NtkOptions? options = null) =>
        Compute(NtkRequest.Check(network, options ?? NtkOptions.Default, x1, x2), x1, x2);

    /// <summary>
    /// Theta(X1, X2) of any model (a TorchSharp module, a TorchScript file, a built-in network), or Theta(X1, X1) when
    /// <paramref name="x2"/> is null (then computed as a symmetric kernel). Inputs may have any rank; the first dimension
    /// indexes the examples. <see cref="NtkOptions.Layers"/> names the model's layers (module names) whose parameters count.
    /// </summary>
    /// <exception cref="Engine.InputException">The inputs, layers, method or memory do not fit the request.</exception>
    public static Tensor Compute(Model model, Tensor x1, Tensor? x2 = null, NtkOptions? options = null) =>
        Compute(NtkRequest.Check(model, options ?? NtkOptions.Default, x1, x2), x1, x2);

    /// <summary>The kernel of a checked request.</summary>
    internal static Tensor Compute(NtkRequest request, Tensor x1, Tensor? x2)
    {
        using var scope = NewDisposeScope();
        var a = request.Prepare(x1);
        var b = x2 is null ? null : request.Prepare(x2);
        var kernel = request.Method == NtkMethod.Structured ? Structured(request, a, b) : JacobianNtk.Kernel(request, a, b);
        return kernel.MoveToOuterDisposeScope();
    }

    /// <summary>Checks a request as <see cref="Compute(INetwork, Tensor, Tensor?, NtkOptions?)"/> would, without computing:
    /// bad input throws an InputException.</summary>
    public static NtkPlan Validate(INetwork network, NtkOptions options, Tensor x1, Tensor? x2 = null) =>
        NtkPlan.Of(NtkRequest.Check(network, options, x1, x2));

    /// <summary>Checks a request as <see cref="Compute(Model, Tensor, Tensor?, NtkOptions?)"/> would (one example goes
    /// through the model), without computing: bad input throws an InputException.</summary>
    public static NtkPlan Validate(Model model, NtkOptions options, Tensor x1, Tensor? x2 = null) =>
        NtkPlan.Of(NtkRequest.Check(model, options, x1, x2));

    /// <summary>The method <see cref="NtkMethod.Auto"/> picks for a network: structured when every trained layer is a
    /// linear module (<see cref="DenseLayer"/> or <c>nn.Linear</c>), found by walking its module tree.</summary>
    public static NtkMethod Resolve(INetwork network, NtkMethod method, IReadOnlyList<string>? layers = null) =>
        NtkRequest.Resolve(network.AsModel(), method, layers);

    /// <summary>The method <see cref="NtkMethod.Auto"/> picks for a model by its module types (a linear module that then
    /// runs other than once per example on rows makes the request fall back to the Jacobian method).</summary>
    public static NtkMethod Resolve(Model model, NtkMethod method, IReadOnlyList<string>? layers = null) =>
        NtkRequest.Resolve(model, method, layers);

    private static Tensor Structured(NtkRequest request, Tensor x1, Tensor? x2)
    {
        using var f1 = StructuredFactors.Capture(request, x1);
        if (x2 is null) return StructuredNtk.Kernel(f1, f1, request.Options.Output, request.Options.BlockRows);
        using var f2 = StructuredFactors.Capture(request, x2);
        return StructuredNtk.Kernel(f1, f2, request.Options.Output, request.Options.BlockRows);
    }
}

/// <summary>What a checked NTK request will do: the method (never Auto), the outputs per example and the parameters that count.</summary>
/// <param name="Method">The method used: <see cref="NtkMethod.Structured"/> or <see cref="NtkMethod.Jacobian"/>.</param>
/// <param name="Outputs">o, the model's outputs per example.</param>
/// <param name="Parameters">The number of parameters whose derivatives count (the chosen layers').</param>
public sealed record NtkPlan(NtkMethod Method, long Outputs, long Parameters)
{
    internal static NtkPlan Of(NtkRequest request) => new(request.Method, request.Outputs, request.Parameters.Sum(p => p.numel()));
}
