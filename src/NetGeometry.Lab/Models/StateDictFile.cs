using System.Collections;
using NetGeometry.Engine;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NetGeometry.Models;

/// <summary>
/// Weights saved by PyTorch loaded into a TorchSharp module (a built-in one or one the user wrote with the same
/// architecture and parameter names): a state dict written by <c>torch.save(model.state_dict(), path)</c> (PyTorch's zip
/// format) or a safetensors file (by its ".safetensors" extension), read with TorchSharp.PyBridge. Before anything is
/// copied, every entry of the module's state dict (parameters and buffers, in module order) is matched by name and
/// shape against the file, and the first that does not match is named in one <see cref="InputException"/> line, as is
/// an entry of the file the module does not have, and a file that cannot be read. Values are converted to the module's
/// dtype.
/// </summary>
public static class StateDictFile
{
    /// <summary>Loads the file's values into <paramref name="module"/> (in place) and returns it.</summary>
    public static T LoadInto<T>(T module, string path) where T : nn.Module
    {
        InputException.Require(File.Exists(path), $"no state dict file at '{path}'.");
        using var scope = NewDisposeScope();
        var saved = Read(path);
        var target = module.state_dict();
        ModuleState.RequireSameLayout(target, saved, $"the state dict '{path}'");
        using (no_grad())
        {
            foreach (var (name, value) in target) value.copy_(saved[name]);
        }
        return module;
    }

    /// <summary>The file's tensors by name, in the file's order (they belong to the caller's dispose scope).</summary>
    private static Dictionary<string, Tensor> Read(string path)
    {
        try
        {
            if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) return Safetensors.LoadStateDict(path);
            var table = PyTorchUnpickler.UnpickleStateDict(path);
            var result = new Dictionary<string, Tensor>();
            foreach (DictionaryEntry entry in table) result[(string)entry.Key] = (Tensor)entry.Value!;
            return result;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InputException($"'{path}' is not a state dict that can be read ({Model.Reason(e.Message)}); " +
                "write one with torch.save(model.state_dict(), path) or as safetensors.");
        }
    }
}
