namespace NetGeometry.Reporting;

/// <summary>A report page as plain content (rendered by <see cref="HtmlReport"/>): a title, a subtitle and sections in order.</summary>
internal sealed record ReportDocument(string Title, string Subtitle, IReadOnlyList<ReportSection> Sections);

/// <summary>A part of a report under its heading.</summary>
internal abstract record ReportSection(string Heading);

/// <summary>Paragraphs of text.</summary>
internal sealed record TextSection(string Heading, IReadOnlyList<string> Paragraphs) : ReportSection(Heading);

/// <summary>A verdict table (claims, or checks): each line, what was measured, what was expected, on how many seeds, and whether it holds.</summary>
/// <param name="Id">The table's HTML id ("verdict" for claims, "checks" for checks).</param>
/// <param name="Noun">The first column's heading ("claim", "check").</param>
/// <param name="Holds">The verdict word of a line that holds ("holds", "passes").</param>
/// <param name="Fails">The verdict word of a line that does not ("does not hold", "FAILED: a defect").</param>
internal sealed record VerdictSection(string Heading, IReadOnlyList<VerdictRow> Rows, string Id, string Noun, string Holds, string Fails) : ReportSection(Heading);

/// <summary>One line of a verdict table: its short name (as the console and the JSON give it), its sentence, what was
/// measured, what was expected, how many seeds it rests on, whether it holds, and whether the data could decide it
/// (a line that is not testable reads "not testable" whatever <paramref name="Holds"/> says).</summary>
internal sealed record VerdictRow(string Name, string Claim, string Measured, string Expected, int Seeds, bool Holds, bool Testable = true);

/// <summary>Figures, each an image with a title and a caption saying what it shows.</summary>
internal sealed record FigureSection(string Heading, IReadOnlyList<ReportImage> Figures) : ReportSection(Heading);

/// <summary>A PNG image (embedded in the page) with its title and caption; <see cref="Link"/> optionally points to a vector version.</summary>
internal sealed record ReportImage(string Title, string Caption, byte[] Png, string? Link = null);

/// <summary>A table; a cell may link somewhere (relative to the page) and carry a CSS class (holds, fails, number).</summary>
internal sealed record TableSection(string Heading, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<TableCell>> Rows, string? Note = null)
    : ReportSection(Heading);

internal sealed record TableCell(string Text, string? Href = null, string? Class = null)
{
    public static implicit operator TableCell(string text) => new(text);

    /// <summary>A number, right-aligned, in 6 significant digits.</summary>
    public static TableCell Number(double value) => new(value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), Class: "number");
}

/// <summary>Preformatted text (a spec).</summary>
internal sealed record CodeSection(string Heading, string Code) : ReportSection(Heading);
