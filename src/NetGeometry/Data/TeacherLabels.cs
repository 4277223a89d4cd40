using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Labels made by a random teacher network: y = c * f(x), where f is a one-hidden-layer <see cref="Mlp"/> (standard
/// parameterization, so biases start at zero) drawn from a seed, and c = 1 / std(f) on calibration inputs (the
/// training inputs), so training targets have unit variance. The outputs are scaled but not centred, which keeps the
/// target a network of the teacher's own architecture: a realizable target. The same teacher labels the training and
/// the test inputs, so both share one target function and one scale.
/// </summary>
public sealed class TeacherLabels : IDisposable
{
    private readonly Mlp _teacher;
    private readonly string _description;

    /// <summary>A teacher inputDim-width-1 drawn from <paramref name="seed"/>, scaled on <paramref name="calibration"/>.</summary>
    /// <param name="inputDim">The input dimension d.</param>
    /// <param name="width">The teacher's hidden width.</param>
    /// <param name="activation">The teacher's hidden activation.</param>
    /// <param name="seed">The seed of the teacher's weights.</param>
    /// <param name="calibration">Inputs on which the outputs are scaled to unit variance (n x inputDim, n &gt;= 2).</param>
    /// <exception cref="ArgumentException">Fewer than two calibration inputs, or outputs constant on them.</exception>
    public TeacherLabels(int inputDim, int width, Activation activation, long seed, Tensor calibration)
    {
        if (calibration.shape[0] < 2) throw new ArgumentException("the teacher needs at least two calibration inputs to scale its outputs.");
        _teacher = new Mlp(inputDim, [width], 1, activation);
        _teacher.Initialize(seed);
        double std;
        using (no_grad())
        using (var f = _teacher.Forward(calibration))
            std = f.std().item<double>();
        if (!(std > 0)) throw new ArgumentException("the teacher's outputs are constant on the calibration inputs; use another seed or width.");
        Scale = 1.0 / std;
        _description = $"y = c f(x), f a random mlp {inputDim}-{width}-1 ({activation}, standard parameterization, seed={seed}), c = 1/std(f on training inputs) = {Scale:G6}";
    }

    /// <summary>c, the factor that gives the teacher's outputs unit variance on the calibration inputs.</summary>
    public double Scale { get; }

    /// <summary>Labels the sample; the dataset takes over the sample's inputs.</summary>
    public Dataset Label(InputSample sample)
    {
        using var _ = no_grad();
        using var f = _teacher.Forward(sample.Inputs);
        return new Dataset(sample.Name, sample.Inputs, f.mul(Held(Scale)), $"{sample.Provenance}; {_description}");
    }

    /// <summary>Frees the teacher network.</summary>
    public void Dispose() => _teacher.Dispose();
}
