using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NetGeometry.Cli;

/// <summary>
/// The one line a command line that does not parse becomes: it names the command by its full path (netgeo bench
/// hvp), an unknown command together with the ones that exist, and a number that does not read as what its option
/// takes in words, never as a .NET type.
/// </summary>
public static class UsageErrors
{
    /// <summary>The line to print when the command line does not parse, or null when it does.</summary>
    public static string? Find(ParseResult parsed)
    {
        // An unknown option right after a command that takes a positional argument is read as that argument's value
        // (reproduce --profile quick: '--profile' as the reproduction's name), so it raises no error of its own.
        var stray = parsed.CommandResult.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value)
            .FirstOrDefault(v => v.StartsWith("--"));
        if (parsed.Errors.Count == 0 && stray is null) return null;
        string name = FullName(parsed.CommandResult);
        return $"{Message(parsed, name, stray).TrimEnd('.')} (see '{name} --help')";
    }

    private static string Message(ParseResult parsed, string name, string? stray)
    {
        var command = parsed.CommandResult.Command;
        if (command.Subcommands.Count > 0)
        {
            var names = string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            return parsed.UnmatchedTokens.Count > 0
                ? $"'{parsed.UnmatchedTokens[0]}' is not a command of '{name}'; use one of: {names}"
                : $"'{name}' needs a command: {names}";
        }
        if ((stray ?? parsed.UnmatchedTokens.FirstOrDefault()) is { } unknown)
            return unknown.StartsWith('-') ? $"'{name}' has no option '{unknown}'" : $"'{name}' takes no argument '{unknown}'";
        var error = parsed.Errors[0];
        return error.SymbolResult switch
        {
            OptionResult { Tokens: [var token, ..] } option when !ParsesItself(option.Option) && Unreadable(option.Option.ValueType, token.Value) is { } expected =>
                $"{option.Option.Name} takes {expected}, got '{token.Value}'",
            ArgumentResult { Tokens.Count: 0 } argument => $"'{name}' needs <{argument.Argument.Name}>: {argument.Argument.Description}",
            _ => error.Message,
        };
    }

    /// <summary>The command's name as typed: "netgeo", "netgeo train", "netgeo bench hvp".</summary>
    private static string FullName(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{FullName(parent)} {command.Command.Name}" : "netgeo";

    /// <summary>Whether the option has its own parser (Option&lt;T&gt;.CustomParser, e.g. --max-memory's sizes), whose
    /// message already says what it takes.</summary>
    private static bool ParsesItself(Option option) => option.GetType().GetProperty("CustomParser")?.GetValue(option) is not null;

    /// <summary>What a numeric option takes, in words, when <paramref name="text"/> is not one; null otherwise.</summary>
    private static string? Unreadable(Type valueType, string text) => (Nullable.GetUnderlyingType(valueType) ?? valueType) switch
    {
        var t when t == typeof(int) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
            $"a whole number no larger than {int.MaxValue}",
        var t when t == typeof(long) && !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
            "a whole number",
        var t when t == typeof(double) && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) =>
            "a number such as 0.5, 2 or 1e-3",
        _ => null,
    };
}
