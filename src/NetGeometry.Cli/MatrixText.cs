using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using NetGeometry.Engine;
using NetGeometry.Geometry.Quantum;
using static TorchSharp.torch;

namespace NetGeometry.Cli;

/// <summary>
/// A complex matrix written as text: one row per line, entries separated by spaces, tabs or commas, each a real
/// number, an imaginary one ("0.5i", "-i") or both without spaces ("0.7071+0.7071i"; 'j' works as 'i'). Blank lines
/// and lines starting with '#' are skipped.
/// </summary>
public static partial class MatrixText
{
    public static Tensor Parse(string text, string source)
    {
        var rows = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select((line, r) => line.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => Entry(entry, source, r + 1)).ToArray()).ToList();
        InputException.Require(rows.Count > 0, $"{source}: no matrix rows found; write one row per line.");
        InputException.Require(rows.All(r => r.Length == rows.Count),
            $"{source}: the matrix must be square, got {rows.Count} rows of lengths {string.Join(", ", rows.Select(r => r.Length).Distinct())}.");
        return ComplexMatrices.FromValues(rows.SelectMany(r => r).ToArray(), rows.Count, rows.Count);
    }

    private static Complex Entry(string text, string source, int row)
    {
        var match = ComplexSyntax().Match(text.ToLowerInvariant());
        InputException.Require(match.Success && (match.Groups["re"].Success || match.Groups["im"].Success),
            $"{source}, row {row}: cannot read '{text}' as a number; write e.g. 0.5, -0.5i or 0.7071+0.7071i (no spaces inside).");
        double re = match.Groups["re"].Success ? Parse(match.Groups["re"].Value) : 0;
        double im = 0;
        if (match.Groups["im"].Success)
        {
            string part = match.Groups["im"].Value;
            im = part is "" or "+" ? 1 : part == "-" ? -1 : Parse(part);
        }
        InputException.Require(double.IsFinite(re) && double.IsFinite(im), $"{source}, row {row}: '{text}' is not a finite number.");
        return new Complex(re, im);
    }

    private static double Parse(string number) => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<re>[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?)?((?<im>[+-]?((\d+\.?\d*|\.\d+)(e[+-]?\d+)?)?)[ij])?$")]
    private static partial Regex ComplexSyntax();
}
