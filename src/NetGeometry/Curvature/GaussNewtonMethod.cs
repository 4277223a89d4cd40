namespace NetGeometry.Curvature;

/// <summary>How a <see cref="GaussNewton"/> takes its products G v = J^T H_L J v, batch by batch.</summary>
public enum GaussNewtonMethod
{
    /// <summary>
    /// The closed form when the model qualifies (every measured layer an <c>nn.Linear</c> or a <c>DenseLayer</c>, each
    /// applied once per example to a matrix of rows, joined by anything else such as pointwise activations), else autograd;
    /// a batch whose forward pass breaks the once-on-rows rule takes the autograd product (the same matrix).
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
