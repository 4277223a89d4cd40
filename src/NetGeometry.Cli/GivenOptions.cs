using System.CommandLine;

namespace NetGeometry.Cli;

/// <summary>Which options the user typed, as opposed to those left at their defaults: for refusing an option that
/// would otherwise be ignored without a word.</summary>
public static class GivenOptions
{
    /// <summary>The names of those of <paramref name="options"/> given on the command line, in the order listed.</summary>
    public static IReadOnlyList<string> Among(ParseResult parsed, IEnumerable<Option> options) =>
        options.Where(o => parsed.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
}
