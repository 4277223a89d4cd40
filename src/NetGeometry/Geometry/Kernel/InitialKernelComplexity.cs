using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Kernels;
using NetGeometry.Kernels.InfiniteWidth;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Kernel;

/// <summary>
/// A network's kernel complexity measures on its training set, taken at initialization (geometrization.md): the
/// per-output empirical NTK there, K0 = Theta(X, X) / o (Theta traced over the o outputs), its lambda_min, and the
/// outputs f_0, so that <see cref="RkhsNorm"/> gives ||f_t - f_0||_K0 at any later point of training; and, where
/// the network has a closed-form infinite-width limit (<see cref="InfiniteWidthKernel.For"/>: Du et al.'s H-inf for
/// two-layer-relu, the arc-cosine NTK of an NTK-parameterized ReLU/identity MLP), Arora et al.'s
/// sqrt(2 y^T (H-inf)^-1 y / n) with y the training targets. Build it while the network holds its initial parameters.
/// </summary>
public sealed class InitialKernelComplexity : IDisposable
{
    /// <summary>The largest training set measured (an n x n float64 kernel and its eigendecomposition).</summary>
    public const int MaxExamples = 4096;

    /// <summary>Throws an <see cref="InputException"/> when a training set of <paramref name="examples"/> is more than
    /// <see cref="MaxExamples"/>.</summary>
    internal static void RequireSize(long examples) => InputException.Require(examples <= MaxExamples,
        $"the NTK RKHS norm needs the n x n kernel on the training set, and n = {examples} is more than {MaxExamples}; use a smaller {DataFields.Train}.");

    private readonly KernelPseudoInverse _initialKernel;
    private readonly Tensor _initialOutputs;

    /// <summary>Measures K0 and, where there is a limit kernel, the data-dependent complexity; the network must hold its
    /// initial parameters.</summary>
    /// <param name="network">The network at initialization.</param>
    /// <param name="train">The training set: its inputs for the kernels, its targets for y.</param>
    /// <param name="initialOutputs">f_0, the network's n x o outputs on the training inputs (copied).</param>
    /// <exception cref="InputException">The training set has more than <see cref="MaxExamples"/> examples.</exception>
    public InitialKernelComplexity(INetwork network, Dataset train, Tensor initialOutputs)
    {
        RequireSize(train.Count);
        using (var traced = EmpiricalNtk.Compute(network, train.Inputs))
        using (var perOutput = traced.div(Held(network.OutputDim)))
            _initialKernel = new KernelPseudoInverse(perOutput);
        _initialOutputs = initialOutputs.detach().to(float64).DetachFromDisposeScope();
        if (InfiniteWidthKernel.For(network) is { } limit)
        {
            LimitKernelName = limit.Name;
            using var inputs = train.Inputs.to(float64);
            using var traced = limit.Ntk(inputs);
            using var perOutput = traced.div(Held(limit.Outputs));
            using var hInfinity = new KernelPseudoInverse(perOutput);
            DataDependentComplexity = KernelComplexity.DataDependent(hInfinity, train.Targets);
        }
    }

    /// <summary>lambda_min of K0, the per-output NTK at initialization on the training set.</summary>
    public double LambdaMin => _initialKernel.LambdaMin;

    /// <summary>sqrt(2 y^T (H-inf)^-1 y / n), or null when the network has no closed-form limit kernel.</summary>
    public double? DataDependentComplexity { get; }

    /// <summary>The limit kernel's name in the papers (null when there is none).</summary>
    public string? LimitKernelName { get; }

    /// <summary>||f_t - f_0||_K0 for the outputs <paramref name="outputs"/> on the training set.</summary>
    public double RkhsNorm(Tensor outputs) => KernelComplexity.RkhsNormOfChange(_initialKernel, _initialOutputs, outputs);

    /// <summary>Frees K0's eigendecomposition and f_0.</summary>
    public void Dispose()
    {
        _initialKernel.Dispose();
        _initialOutputs.Dispose();
    }
}
