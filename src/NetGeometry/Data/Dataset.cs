using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// A set of examples: inputs (n x d, float64), targets (n x o, float64: regression values or one-hot rows), the
/// integer class of each example when it is a classification set, the index of each example in the data it was read
/// or drawn from (<see cref="Indices"/>), a name, and where it came from.
/// </summary>
public sealed class Dataset : IDisposable
{
    /// <summary>A dataset that owns the tensors it is given (<see cref="Dispose"/> frees them).</summary>
    /// <param name="name">What the data are called ("fashion-mnist", "sphere").</param>
    /// <param name="inputs">n x d inputs.</param>
    /// <param name="targets">n x o targets.</param>
    /// <param name="provenance">Where the data came from, as <see cref="Provenance"/> says it.</param>
    /// <param name="labels">The int64 class of each example (n), for a classification set.</param>
    /// <param name="classCount">The number of classes of a classification set.</param>
    /// <param name="indices">Each example's index in its source (int64, one per example); null numbers them 0..n-1.</param>
    /// <exception cref="ArgumentException">A tensor's shape does not fit n x d inputs.</exception>
    public Dataset(string name, Tensor inputs, Tensor targets, string provenance, Tensor? labels = null, int? classCount = null,
        Tensor? indices = null)
    {
        if (inputs.dim() != 2) throw new ArgumentException($"inputs must be n x d, got rank {inputs.dim()}.");
        if (targets.dim() != 2 || targets.shape[0] != inputs.shape[0])
            throw new ArgumentException($"targets must be n x o with n = {inputs.shape[0]}, got [{string.Join(", ", targets.shape)}].");
        if (labels is not null && (labels.dim() != 1 || labels.shape[0] != inputs.shape[0]))
            throw new ArgumentException("labels must be a vector with one class per example.");
        if (indices is not null && (indices.dim() != 1 || indices.shape[0] != inputs.shape[0] || indices.dtype != ScalarType.Int64))
            throw new ArgumentException("indices must be an int64 vector with one index per example.");
        Name = name; Inputs = inputs; Targets = targets; Provenance = provenance; Labels = labels; ClassCount = classCount;
        Indices = indices ?? arange(Held(0), Held(inputs.shape[0]), Held(1), dtype: ScalarType.Int64);
    }

    /// <summary>What the data are called; messages and reports name the set by it.</summary>
    public string Name { get; }
    /// <summary>n x d inputs.</summary>
    public Tensor Inputs { get; }
    /// <summary>n x o targets: what the square loss compares outputs with (one-hot rows for classes).</summary>
    public Tensor Targets { get; }
    /// <summary>Integer class of each example (int64), for classification sets; null otherwise.</summary>
    public Tensor? Labels { get; }
    /// <summary>The number of classes K of a classification set (labels in 0..K-1); null otherwise.</summary>
    public int? ClassCount { get; }
    /// <summary>
    /// The index of each example (int64, n) in the user's data, which every subset, view and derived dataset keeps:
    /// for CSV, the 0-based data row of the file (the header and blank lines not counted); for Fashion-MNIST, the
    /// image's index in its IDX file (train-images for a training set, t10k-images for a test set); for generated
    /// data, the draw's index in its stream (training and test points are drawn from separate streams).
    /// </summary>
    public Tensor Indices { get; }
    /// <summary>Where the data came from: a generator and its parameters, or files.</summary>
    public string Provenance { get; }

    /// <summary>The number of examples n.</summary>
    public long Count => Inputs.shape[0];

    /// <summary>The number of input features d.</summary>
    public long InputDim => Inputs.shape[1];

    /// <summary>The number of target columns o.</summary>
    public long OutputDim => Targets.shape[1];

    /// <summary>
    /// The inputs as a model takes them: n x <paramref name="inputShape"/> (e.g. 1, 28, 28 for images stored as 784
    /// features, row-major as PyTorch's reshape), a new view. A shape with another number of values per example is an
    /// <see cref="Engine.InputException"/> naming the field inputShape.
    /// </summary>
    public Tensor ShapedInputs(IReadOnlyList<long> inputShape)
    {
        long values = inputShape.Aggregate(1L, (a, b) => a * b);
        Engine.InputException.Require(inputShape.Count > 0 && inputShape.All(d => d > 0) && values == InputDim,
            $"{new Engine.InputField(nameof(inputShape))} {string.Join(",", inputShape)} has {values} values per example, but each example of {Name} has {InputDim}; give a shape whose product is {InputDim}.");
        return Inputs.reshape([Count, .. inputShape]);
    }

    /// <summary>The examples at the given indices (a new Dataset sharing nothing with this one).</summary>
    public Dataset Subset(Tensor indices, string? name = null) =>
        new(name ?? Name, Inputs.index_select(0, indices), Targets.index_select(0, indices), Provenance,
            Labels?.index_select(0, indices), ClassCount, Indices.index_select(0, indices));

    /// <summary>The examples [start, start + count) as views of this dataset's tensors (no copy); disposing it frees only the views.</summary>
    public Dataset Rows(long start, long count)
    {
        if (start < 0 || count < 1 || start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"rows [{start}, {start + count}) do not lie in the {Count} examples.");
        return new(Name, Inputs.narrow(0, start, count), Targets.narrow(0, start, count), Provenance,
            Labels?.narrow(0, start, count), ClassCount, Indices.narrow(0, start, count));
    }

    /// <summary>
    /// The examples in order as consecutive batches of <paramref name="size"/> (the last one smaller when size does not
    /// divide n), views with no copy: the data as the curvature operators take them.
    /// </summary>
    public IReadOnlyList<Dataset> Batches(long size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), $"a batch size must be positive, got {size}.");
        var batches = new List<Dataset>();
        for (long start = 0; start < Count; start += size)
            batches.Add(Rows(start, Math.Min(size, Count - start)));
        return batches;
    }

    /// <summary>
    /// A dataset with some parts replaced and its provenance extended by <paramref name="step"/> (what was done). The
    /// parts not given are shared with this one through new tensor handles (aliases of the same storage), so either
    /// dataset may be disposed first; neither may be modified in place.
    /// </summary>
    public Dataset Derive(string step, Tensor? inputs = null, Tensor? targets = null, Tensor? labels = null) =>
        new(Name, inputs ?? Inputs.alias(), targets ?? Targets.alias(), $"{Provenance}; {step}",
            labels ?? Labels?.alias(), ClassCount, Indices.alias());

    /// <summary>Frees the inputs, targets, labels and indices.</summary>
    public void Dispose()
    {
        Inputs.Dispose(); Targets.Dispose(); Labels?.Dispose(); Indices.Dispose();
    }
}

/// <summary>A training set and, where there is one, a held-out test set.</summary>
/// <param name="Train">The examples trained on.</param>
/// <param name="Test">The held-out examples, or null.</param>
public sealed record DataSplit(Dataset Train, Dataset? Test) : IDisposable
{
    /// <summary>Frees both sets.</summary>
    public void Dispose() { Train.Dispose(); Test?.Dispose(); }
}
