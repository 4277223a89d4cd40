namespace NetGeometry.Engine;

/// <summary>
/// Bad input from a user (an option, a file, a spec field): the message is one line that says what is wrong and what
/// to do. The CLI prints it alone and exits with status 2; nothing else in the library throws it.
/// </summary>
public sealed class InputException(string message) : Exception(message)
{
    /// <summary>Throws unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string message)
    {
        if (!condition) throw new InputException(message);
    }
}
