using System.CommandLine;

namespace NetGeometry.Cli;

/// <summary>Declares an option with its description and, when given, its default.</summary>
public static class Options
{
    public static Option<T> Create<T>(string name, string description, T? defaultValue = default)
    {
        var option = new Option<T>(name) { Description = description };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }
}
