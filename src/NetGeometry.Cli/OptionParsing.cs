using System.Globalization;
using NetGeometry.Data;
using NetGeometry.Engine;

namespace NetGeometry.Cli;

/// <summary>Parsers for option values that System.CommandLine does not type itself.</summary>
public static class OptionParsing
{
    /// <summary>A list of whole numbers written "256" or "512,512".</summary>
    public static int[] IntList(string option, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Array.Empty<int>();
        return text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InputException($"{option} takes positive whole numbers separated by commas, got '{text}'.")).ToArray();
    }

    /// <summary>A list of names written "loss,accuracy".</summary>
    public static string[]? NameList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Harmonic target terms written "DEGREE:COEFFICIENT,...", e.g. "1:1.0,2:0.5,4:0.25".</summary>
    public static HarmonicTerm[]? HarmonicTerms(string option, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
        {
            var pieces = part.Split(':', StringSplitOptions.TrimEntries);
            return pieces.Length == 2
                && int.TryParse(pieces[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var degree)
                && double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var coefficient)
                ? new HarmonicTerm(degree, coefficient)
                : throw new InputException($"{option} takes DEGREE:COEFFICIENT pairs separated by commas, e.g. 1:1.0,2:0.5,4:0.25; got '{text}'.");
        }).ToArray();
    }
}
