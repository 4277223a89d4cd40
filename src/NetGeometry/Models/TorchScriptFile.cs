using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>
/// A TorchScript file as a model: what PyTorch writes with <c>torch.jit.trace(model, x).save(path)</c> (or
/// <c>torch.jit.script</c>), read by libtorch without Python (<c>torch.jit.load</c>), its forward taking one tensor and
/// returning one. A missing file, or one libtorch cannot load, is one <see cref="InputException"/> line (libtorch's
/// error is caught as an exception, never a native abort).
/// </summary>
public static class TorchScriptFile
{
    /// <summary>Loads the file as a <see cref="Model"/> that owns the module (see <see cref="Model.FromModule"/> for <paramref name="select"/>).</summary>
    public static Model Load(string path, IEnumerable<string>? select = null)
    {
        var module = LoadModule(path);
        try
        {
            return Model.FromModule(module, select, ownsModule: true);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The file's state (<see cref="ModuleState"/>: every parameter and buffer by full name) as copies that the caller owns
    /// and disposes, in the file's dtype; the module itself is freed. How a checkpoint saved as TorchScript is read.
    /// </summary>
    public static Dictionary<string, Tensor> LoadState(string path)
    {
        using var scope = NewDisposeScope();
        using var module = LoadModule(path);
        using var _ = no_grad();
        return module.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone().MoveToOuterDisposeScope());
    }

    /// <summary>Loads the file as a TorchSharp module (float as saved; <see cref="Model.FromModule"/> makes it float64).</summary>
    public static jit.ScriptModule<Tensor, Tensor> LoadModule(string path)
    {
        InputException.Require(File.Exists(path), $"no TorchScript file at '{path}'.");
        try
        {
            return jit.load<Tensor, Tensor>(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InputException($"'{path}' is not a TorchScript file libtorch can load ({Model.Reason(e.Message)}); " +
                "write one with torch.jit.trace(model, x).save(path).");
        }
    }
}
