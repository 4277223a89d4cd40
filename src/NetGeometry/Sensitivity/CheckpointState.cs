using NetGeometry.Models;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Sensitivity;

/// <summary>
/// One checkpoint as re-initialization robustness reads it (Zhang, Bengio &amp; Singer, Sec. 3: theta^(l) &lt;- theta^(l)_tau):
/// its step tau and the model's state there, every parameter and buffer by full name as <see cref="ModuleState"/>
/// names them ("layer1.weight"). It owns the state's tensors.
/// </summary>
public sealed class CheckpointState : IDisposable
{
    /// <summary>A checkpoint of step <paramref name="step"/> that takes ownership of <paramref name="state"/>'s tensors.</summary>
    public CheckpointState(long step, IReadOnlyDictionary<string, Tensor> state)
    {
        Step = step;
        State = state;
    }

    /// <summary>The step tau (0: initialization); it labels the checkpoint's column.</summary>
    public long Step { get; }

    /// <summary>The state by full name.</summary>
    public IReadOnlyDictionary<string, Tensor> State { get; }

    /// <summary>A run's checkpoint (a <see cref="ParameterSnapshot"/>, whose keys are the network's state names), taking ownership of its tensors.</summary>
    public static CheckpointState FromSnapshot(long step, ParameterSnapshot snapshot) =>
        new(step, snapshot.Entries.ToDictionary(e => e.Key, e => e.Value));

    /// <summary>
    /// A checkpoint saved as TorchScript (<see cref="TorchScriptFile.LoadState"/>), which must have the model's
    /// architecture: the first state entry whose name or shape differs from <paramref name="model"/>'s is an
    /// <see cref="Engine.InputException"/> naming it.
    /// </summary>
    public static CheckpointState FromTorchScript(long step, string path, Model model)
    {
        var state = TorchScriptFile.LoadState(path);
        try
        {
            ModuleState.RequireSameLayout(ModuleState.Of(model.Module), state, $"the checkpoint '{path}' (step {step})");
            return new CheckpointState(step, state);
        }
        catch
        {
            foreach (var t in state.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>Frees the state's tensors.</summary>
    public void Dispose()
    {
        foreach (var t in State.Values) t.Dispose();
    }
}
