using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>
/// Per-example Jacobian rows of a model, one backward pass per example: the dense reference for the empirical NTK
/// Theta(x_i, x_j) = J_i J_j^T (Jacot et al. 2018) of one output, J_i = d f_k(x_i) / d theta.
/// </summary>
public static class ModelJacobian
{
    /// <summary>
    /// The n x Dimension matrix whose row i is d f_k(x_i)/d theta for the output k = <paramref name="output"/> of each
    /// example (outputs of any shape are indexed flattened, row-major). Rows are in theta's layout.
    /// </summary>
    public static Tensor Rows(Model model, Tensor inputs, long output)
    {
        InputException.Require(inputs.dim() >= 1 && inputs.shape[0] > 0, "the Jacobian needs at least one example.");
        var rows = new List<Tensor>();
        try
        {
            for (long i = 0; i < inputs.shape[0]; i++)
            {
                using var scope = NewDisposeScope();
                var f = model.Forward(inputs.narrow(0, i, 1)).reshape(-1);
                InputException.Require(output >= 0 && output < f.shape[0], $"output {output} is out of range: the model has {f.shape[0]} outputs per example.");
                rows.Add(model.Flatten(model.Differentiate(f[output])).MoveToOuterDisposeScope());
            }
            return stack(rows, 0);
        }
        finally
        {
            foreach (var r in rows) r.Dispose();
        }
    }
}
