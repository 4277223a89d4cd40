using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>
/// A module's state as PyTorch's <c>state_dict</c> names it: every parameter (trainable or not) and persistent buffer
/// (batch norm's running statistics, an OPT layer's frozen V) by its full name ("4.weight", "bn1.running_mean"), in
/// module order; a TorchScript module's too. What checkpoints hold and what a state loaded from a file is checked against.
/// </summary>
public static class ModuleState
{
    /// <summary>The module's own tensors by full name (not copies: writing into them changes the module), held outside
    /// any dispose scope as the module's are.</summary>
    public static IReadOnlyDictionary<string, Tensor> Of(nn.Module module) =>
        module.state_dict().ToDictionary(e => e.Key, e => e.Value.DetachFromDisposeScope());

    /// <summary>
    /// Throws an <see cref="InputException"/> naming the first entry of <paramref name="module"/>'s state (in module order)
    /// that <paramref name="saved"/> lacks or holds with another shape, then the first entry of <paramref name="saved"/>
    /// that the module does not have. <paramref name="source"/> names the saved state in the message ("the state dict 'x.pt'").
    /// </summary>
    internal static void RequireSameLayout(IReadOnlyDictionary<string, Tensor> module, IReadOnlyDictionary<string, Tensor> saved, string source)
    {
        foreach (var (name, value) in module)
        {
            InputException.Require(saved.TryGetValue(name, out var stored),
                $"{source} has no '{name}' (shape [{Shape(value)}] in the module); it has {string.Join(", ", saved.Keys.Order(StringComparer.Ordinal))}.");
            InputException.Require(stored!.shape.SequenceEqual(value.shape),
                $"'{name}' has shape [{Shape(stored)}] in {source} but [{Shape(value)}] in the module.");
        }
        var extra = saved.Keys.FirstOrDefault(k => !module.ContainsKey(k));
        InputException.Require(extra is null, $"{source} has '{extra}', which the module does not have; its entries are {string.Join(", ", module.Keys)}.");
    }

    private static string Shape(Tensor t) => string.Join(", ", t.shape);
}
