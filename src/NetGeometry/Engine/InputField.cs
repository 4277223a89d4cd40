using System.Text.Json;

namespace NetGeometry.Engine;

/// <summary>
/// A spec field or method argument that bad input is about, named as the library names it: a spec's dotted field path
/// as spec.json spells it ("network.widths", "training.learningRate"), or an argument's name ("threads"). Written as a
/// hole of an <see cref="InputException"/>'s message, it stays a field there: <see cref="Exception.Message"/> names
/// it by <see cref="Path"/>, and a front end names it its own way (the CLI by the option that sets it, --widths).
/// </summary>
/// <param name="Path">The field's dotted path in its spec, or the argument's name.</param>
public sealed record InputField(string Path)
{
    /// <summary>The field of a spec's property or a method's argument: "network.widths" for property Widths of section
    /// "network", the name alone in camelCase ("maxProducts") when <paramref name="section"/> is null.</summary>
    public static InputField Of(string property, string? section = null)
    {
        var name = JsonNamingPolicy.CamelCase.ConvertName(property);
        return new InputField(section is null ? name : $"{section}.{name}");
    }

    /// <summary>The field's path, as messages name it.</summary>
    public override string ToString() => Path;
}
