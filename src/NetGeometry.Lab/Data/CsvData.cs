using System.Globalization;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Tabular data from a comma-separated file (RFC 4180, through <see cref="CsvRecords"/>: quoted fields, a byte-order
/// mark, blank lines skipped): a header row naming the columns, then one example per row, every cell a number
/// (invariant culture: '.' decimal point, whatever the machine's culture). One column is the target (by name, or the
/// last one); the others are the inputs. Example i is the file's data row i (0-based; the header and blank lines not
/// counted), as its <see cref="Dataset.Indices"/> say. Every defect raises an <see cref="InputException"/> naming the
/// file, the line the row starts on and the column.
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
        InputException.Require(File.Exists(path), $"{path}: no such file; check the {DataSpec.Field(nameof(DataSpec.CsvFile))} path.");
        using var records = CsvRecords.Read(path).GetEnumerator();
        InputException.Require(records.MoveNext(), $"{path}: the file is empty; give a header row and data rows.");
        var (headerLine, header) = records.Current;
        InputException.Require(header.Length >= 2, $"{path}: line {headerLine}: the header names {header.Length} column; give at least one input column and a target column.");
        int target = TargetIndex(path, header, targetColumn);

        var inputs = new List<double>();
        var targets = new List<double>();
        int rows = 0;
        while (records.MoveNext())
        {
            var (lineNumber, cells) = records.Current;
            if (cells.Length != header.Length)
                throw new InputException($"{path}: line {lineNumber} has {cells.Length} cells, the header has {header.Length}; give every row one cell per column.");
            for (int c = 0; c < cells.Length; c++)
            {
                double value = ParseCell(path, lineNumber, c, header[c], cells[c]);
                if (c != target) inputs.Add(value);
                else
                {
                    if (classification && !(value >= 0 && value < MaxClassCount && value == Math.Floor(value)))
                        throw new InputException($"{path}: line {lineNumber}, column {c + 1} ({CsvRecords.Shown(header[c])}): {CsvRecords.Shown(cells[c])} is not a class index; classification targets must be integers 0 .. {MaxClassCount - 1}.");
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

    private static int TargetIndex(string path, string[] header, string? targetColumn)
    {
        if (targetColumn is null) return header.Length - 1;
        var matches = Enumerable.Range(0, header.Length).Where(c => header[c] == targetColumn).ToArray();
        InputException.Require(matches.Length > 0, $"{path}: no column named '{targetColumn}'; the columns are {CsvRecords.Shown(string.Join(", ", header), int.MaxValue)}.");
        InputException.Require(matches.Length == 1, $"{path}: {matches.Length} columns are named '{targetColumn}'; give the columns distinct names.");
        return matches[0];
    }

    private static double ParseCell(string path, long line, int column, string name, string cell)
    {
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
            return value;
        throw new InputException($"{path}: line {line}, column {column + 1} ({CsvRecords.Shown(name)}): {(cell.Length == 0 ? "empty cell" : $"'{CsvRecords.Shown(cell)}' is not a finite number")}; every cell below the header must be a number.");
    }
}
