namespace NetGeometry.Curvature;

/// <summary>How a <see cref="GaussNewton"/> takes its products G v = J^T H_L J v, batch by batch.</summary>
public enum GaussNewtonMethod
{
    /// <summary>
    /// The closed form when the model qualifies (every measured layer an <c>nn.Linear</c> or a <c>DenseLayer</c>, each
    /// applied once per example to a matrix of rows, joined by anything else such as pointwise activations) and it is the
    /// cheaper product: its per-batch factors fit the memory budget, and the batch's graph is built once (a collection of
    /// one batch) or the model has at most 3 outputs per example (a batch rebuilt at every product pays one backward pass
    /// per output for the closed form's factors). Otherwise autograd, the same matrix; so is a batch whose forward pass
    /// breaks the once-on-rows rule.
    /// </summary>
    Auto,
    /// <summary>
    /// J v and J^T u from each linear layer's inputs and backward signals, two matrix products per layer and no double
    /// backward; a model that does not qualify is an <see cref="Engine.InputException"/> saying why.
    /// </summary>
    ClosedForm,
    /// <summary>J v by double backward (Townsend's trick), J^T u by one backward pass: any model.</summary>
    Autograd,
}
