using NetGeometry.Engine;

namespace NetGeometry.Experiments.Retention;

/// <summary>
/// What a run keeps of its checkpoints (netgeo train, run and reproduce --keep): <see cref="Checkpoints"/>, the
/// default, keeps those something reads back in results.sqlite (a run's or sweep's every scheduled checkpoint, a
/// reproduction's declared steps); <see cref="None"/> keeps none (a reproduction still keeps the steps its analysis
/// reads); <see cref="All"/> keeps every scheduled checkpoint and also exports each as arrays/step-&lt;k&gt;/*.npy.
/// </summary>
public enum Keep { Checkpoints, None, All }

/// <summary>The names a <see cref="Keep"/> setting takes.</summary>
internal static class KeepNames
{
    /// <summary>The <see cref="Keep"/> that <paramref name="text"/> names; anything else is an <see cref="InputException"/>.</summary>
    public static Keep Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "checkpoints" => Keep.Checkpoints,
        "none" => Keep.None,
        "all" => Keep.All,
        _ => throw new InputException($"{InputField.Of(nameof(Keep))} must be checkpoints, none or all, got '{text}'."),
    };
}
