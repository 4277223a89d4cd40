using System.Globalization;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Tabular data from a comma-separated file: a header row naming the columns, then one example per line, every cell
/// a number (invariant culture: '.' decimal point). One column is the target (by name, or the last one); the others
/// are the inputs. Blank lines are skipped; quoting is not supported. Every defect raises an
/// <see cref="InputException"/> naming the file, line and column.
/// </summary>
public static class CsvData
{
    /// <summary>The most classes a classification column may index (a guard against a regression column read as
    /// classes, which would make enormous one-hot rows).</summary>
    public const int MaxClassCount = 10_000;

    /// <param name="targetColumn">The target column's header name; null takes the last column.</param>
    /// <param name="classification">The target column holds class indices 0..K-1 (K = largest + 1); otherwise it is
    /// a regression target.</param>
    /// <param name="oneHot">For classification: one-hot targets, or the class index as an n x 1 column.</param>
    public static Dataset Load(string path, string? targetColumn = null, bool classification = false, bool oneHot = true)
    {
        InputException.Require(File.Exists(path), $"{path}: no such file; check the --csv path.");
        using var lines = File.ReadLines(path).GetEnumerator();
        int lineNumber = 0;
        string? headerLine = NextLine(lines, ref lineNumber);
        InputException.Require(headerLine is not null, $"{path}: the file is empty; give a header row and data rows.");
        var header = headerLine!.Split(',').Select(h => h.Trim().Trim('"')).ToArray();
        InputException.Require(header.Length >= 2, $"{path}: line {lineNumber}: the header names {header.Length} column; give at least one input column and a target column.");
        int target = TargetIndex(path, header, targetColumn);

        var inputs = new List<double>();
        var targets = new List<double>();
        int rows = 0;
        while (NextLine(lines, ref lineNumber) is { } line)
        {
            var cells = line.Split(',');
            if (cells.Length != header.Length)
                throw new InputException($"{path}: line {lineNumber} has {cells.Length} cells, the header has {header.Length}; give every row one cell per column.");
            for (int c = 0; c < cells.Length; c++)
            {
                double value = ParseCell(path, lineNumber, c, header[c], cells[c]);
                if (c != target) inputs.Add(value);
                else
                {
                    if (classification && !(value >= 0 && value < MaxClassCount && value == Math.Floor(value)))
                        throw new InputException($"{path}: line {lineNumber}, column {c + 1} ({header[c]}): {cells[c].Trim()} is not a class index; classification targets must be integers 0 .. {MaxClassCount - 1}.");
                    targets.Add(value);
                }
            }
            rows++;
        }
        InputException.Require(rows > 0, $"{path}: no data rows below the header; give at least one example.");

        string name = Path.GetFileNameWithoutExtension(path);
        var x = tensor(inputs.ToArray(), [rows, header.Length - 1]);
        string provenance = $"csv {path}: {rows} rows, {header.Length - 1} input columns, target column '{header[target]}'";
        if (!classification)
            return new Dataset(name, x, tensor(targets.ToArray(), [rows, 1]), provenance + " (regression)");
        int classCount = (int)targets.Max() + 1;
        var labels = tensor(targets.Select(t => (long)t).ToArray());
        return ClassTargets.Create(name, x, labels, classCount, oneHot, $"{provenance} (classification, {classCount} classes)");
    }

    /// <summary>The next non-blank line, counting every line read.</summary>
    private static string? NextLine(IEnumerator<string> lines, ref int lineNumber)
    {
        while (lines.MoveNext())
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(lines.Current)) return lines.Current;
        }
        return null;
    }

    private static int TargetIndex(string path, string[] header, string? targetColumn)
    {
        if (targetColumn is null) return header.Length - 1;
        var matches = Enumerable.Range(0, header.Length).Where(c => header[c] == targetColumn).ToArray();
        InputException.Require(matches.Length > 0, $"{path}: no column named '{targetColumn}'; the columns are {string.Join(", ", header)}.");
        InputException.Require(matches.Length == 1, $"{path}: {matches.Length} columns are named '{targetColumn}'; give the columns distinct names.");
        return matches[0];
    }

    private static double ParseCell(string path, int line, int column, string name, string cell)
    {
        string text = cell.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
            return value;
        throw new InputException($"{path}: line {line}, column {column + 1} ({name}): {(text.Length == 0 ? "empty cell" : $"'{text}' is not a finite number")}; every cell below the header must be a number.");
    }
}
