using CsvHelper;
using NetGeometry.Engine;

namespace NetGeometry.Data;

/// <summary>
/// The records of a comma-separated file as RFC 4180 defines them, read by CsvHelper: a field may be quoted
/// ("a, b"; "" is a quote inside it) and a quoted field may span lines; a byte-order mark is dropped; spaces and tabs
/// around a field are trimmed; blank and whitespace-only lines are skipped. Each record comes with the file line it
/// starts on. Malformed quoting (a quote inside an unquoted field, text after a closing quote, a quote never closed)
/// is an <see cref="InputException"/> naming the file and that line.
/// </summary>
internal static class CsvRecords
{
    /// <summary>The records of the file at <paramref name="path"/>, the header first, each with its first line.</summary>
    public static IEnumerable<(long Line, string[] Cells)> Read(string path)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            OnMalformedRecord = record => throw new InputException(
                $"{path}: line {record.LineNumber}: {Problem(record.Reason)}; quote a whole field (\"...\") and write a quote inside it as \"\"."),
        };
        using var reader = CsvReader.FromFile(path, options);
        while (reader.Read())
        {
            if (reader.RawRecord.Trim(" \t"u8).IsEmpty) continue;
            var cells = new string[reader.FieldCount];
            for (int i = 0; i < cells.Length; i++) cells[i] = reader.GetString(i);
            yield return (reader.LineNumber, cells);
        }
    }

    private static string Problem(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed",
        _ => $"malformed quoting ({reason})",
    };

    /// <summary>Text as a one-line error message shows it: line breaks written \n, cut after <paramref name="maxLength"/>
    /// characters.</summary>
    public static string Shown(string text, int maxLength = 40)
    {
        string oneLine = text.ReplaceLineEndings("\\n");
        return oneLine.Length <= maxLength ? oneLine : oneLine[..maxLength] + "...";
    }
}
