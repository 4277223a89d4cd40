using System.Runtime.CompilerServices;

namespace NetGeometry.Engine;

/// <summary>
/// The text of an <see cref="InputException"/> as written: an interpolated string whose <see cref="InputField"/>
/// holes stay fields, so the message can be said with each field named the library's way (its path) or a front
/// end's way (the CLI's option). Every other hole is formatted as in any interpolated string; a plain string is a
/// message that names no field.
/// </summary>
[InterpolatedStringHandler]
public readonly struct InputMessage
{
    /// <summary>Text and <see cref="InputField"/> pieces, in order.</summary>
    private readonly List<object> parts;

    /// <summary>Starts a message; the compiler calls it for an interpolated string.</summary>
    public InputMessage(int literalLength, int formattedCount) => parts = new List<object>(2 * formattedCount + 1);

    private InputMessage(string text) => parts = [text];

    /// <summary>A message that names no field.</summary>
    public static implicit operator InputMessage(string text) => new(text);

    /// <summary>Appends literal text; the compiler calls it.</summary>
    public void AppendLiteral(string text) => parts.Add(text);

    /// <summary>Appends a hole: an <see cref="InputField"/> as a field, another message with its fields, anything else
    /// as its text.</summary>
    public void AppendFormatted<T>(T value)
    {
        if (value is InputField field) parts.Add(field);
        else if (value is InputMessage inner) parts.AddRange(inner.parts ?? []);
        else parts.Add(value?.ToString() ?? "");
    }

    /// <summary>Appends a hole with a format string (<c>{bytes:G3}</c>).</summary>
    public void AppendFormatted<T>(T value, string? format) =>
        parts.Add(value is IFormattable formattable ? formattable.ToString(format, null) : value?.ToString() ?? "");

    /// <summary>The same message with the fields <paramref name="asPath"/> picks said by their path, as plain text that
    /// no front end renames (a spec's reader wants its fields, not the options that would set them).</summary>
    internal InputMessage WithPaths(Func<InputField, bool> asPath)
    {
        var said = new InputMessage(0, 0);
        foreach (var part in parts ?? []) said.parts.Add(part is InputField field && asPath(field) ? field.Path : part);
        return said;
    }

    /// <summary>Several messages as one, a line each (a pre-flight reports every problem it found).</summary>
    internal static InputMessage Lines(IEnumerable<InputMessage> lines)
    {
        var joined = new InputMessage(0, 0);
        foreach (var (line, index) in lines.Select((line, index) => (line, index)))
        {
            if (index > 0) joined.parts.Add("\n");
            joined.parts.AddRange(line.parts ?? []);
        }
        return joined;
    }

    /// <summary>The fields the message names, each once, in the order it first names them.</summary>
    public IReadOnlyList<InputField> Fields => (parts ?? []).OfType<InputField>().Distinct().ToList();

    /// <summary>The message with each field said as <paramref name="name"/> says it.</summary>
    public string Render(Func<InputField, string> name) =>
        string.Concat((parts ?? []).Select(part => part as string ?? name((InputField)part)));
}
