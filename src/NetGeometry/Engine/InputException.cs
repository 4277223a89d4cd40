namespace NetGeometry.Engine;

/// <summary>
/// Bad input from a user (an argument, a file, a spec field): the message is one line that says what is wrong and what
/// to do. The CLI prints it alone and exits with status 2; nothing else in the library throws it. A message names the
/// spec fields and arguments it is about as <see cref="InputField"/> holes (<c>$"{widths} must be positive"</c>):
/// <see cref="Exception.Message"/> says them by path (network.widths), <see cref="Fields"/> lists them, and
/// <see cref="Text"/>'s <see cref="InputMessage.Render"/> lets a front end say them its own way (the CLI: --widths).
/// </summary>
public sealed class InputException : Exception
{
    private readonly InputMessage text;

    /// <summary>Bad input as <paramref name="message"/> says it; its <see cref="InputField"/> holes are the fields it is about.</summary>
    public InputException(InputMessage message) : base(message.Render(field => field.Path)) => text = message;

    /// <summary>The message as written, its fields still fields: a front end renders it (<see cref="InputMessage.Render"/>),
    /// and a message that wraps this one keeps them (<c>$"{where}: {e.Text}"</c>).</summary>
    public InputMessage Text => text;

    /// <summary>The spec fields and arguments the message names, in the order it first names them (none for a message
    /// about a file, a folder or a store).</summary>
    public IReadOnlyList<InputField> Fields => text.Fields;

    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, InputMessage message)
    {
        if (!condition) throw new InputException(message);
    }
}
