using System.CommandLine.Parsing;
using System.Globalization;
using NetGeometry.Data;
using NetGeometry.Engine;

namespace NetGeometry.Cli;

/// <summary>Parsers for option values that System.CommandLine does not type itself.</summary>
public static class OptionParsing
{
    /// <summary>A list of whole numbers written "256" or "512,512", each at least <paramref name="minimum"/>
    /// (1 for sizes; 0 for indices such as --classes 0,6).</summary>
    public static int[] IntList(string option, string? text, int minimum = 1)
    {
        if (string.IsNullOrWhiteSpace(text)) return Array.Empty<int>();
        string what = minimum == 1 ? "positive whole numbers" : $"whole numbers of at least {minimum}";
        return text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum
                ? value
                : throw new InputException($"{option} takes {what} separated by commas, got '{text}'.")).ToArray();
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

    /// <summary>A size in bytes written "8G", "512M", "1.5GB", "64k" or "1000000" (decimal units k, M, G, T; a
    /// trailing B optional); an error on the option's result otherwise.</summary>
    public static double? ByteSize(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : "";
        var digits = text.TrimEnd('B', 'b');
        double unit = digits.Length == 0 ? 1 : char.ToUpperInvariant(digits[^1]) switch { 'K' => 1e3, 'M' => 1e6, 'G' => 1e9, 'T' => 1e12, _ => 1 };
        if (unit > 1) digits = digits[..^1];
        if (double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value * unit;
        result.AddError($"{(result.Parent as OptionResult)?.Option.Name ?? "--max-memory"} takes a size like 8G, 512M or a number of bytes, got '{text}'");
        return null;
    }
}
