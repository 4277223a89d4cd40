using System.Net;
using System.Text;

namespace NetGeometry.Reporting;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML page: styles inline, images embedded as PNG data
/// URIs, no script and no reference to anything outside the file, so it opens anywhere, offline. The claims' verdict
/// table has id "verdict", the checks' "checks"; a line that holds is green, one that does not is red, one the data could not decide grey.
/// </summary>
internal static class HtmlReport
{
    private const string Style = """
        body { font: 15px/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1d1d1f; max-width: 1100px; margin: 2em auto; padding: 0 1.5em; }
        h1 { font-size: 1.7em; margin-bottom: .1em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
        .subtitle { color: #555; margin-top: 0; }
        table { border-collapse: collapse; margin: .8em 0; font-size: .92em; }
        th, td { border: 1px solid #d0d0d0; padding: .3em .6em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
        tr.holds td, td.holds { background: #e3f4e1; } tr.fails td, td.fails { background: #fbe0de; } tr.untestable td { background: #eeeeee; }
        td.verdict { font-weight: bold; } tr.holds td.verdict { color: #1e6b1a; } tr.fails td.verdict { color: #a3160b; }
        figure { margin: 1.5em 0; } figure img { width: 800px; max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { color: #333; max-width: 800px; margin-top: .4em; } figcaption b { color: #000; }
        pre { background: #f7f7f7; border: 1px solid #e3e3e3; padding: .8em; overflow-x: auto; font-size: .85em; }
        .note { color: #555; font-size: .9em; }
        """;

    public static string Render(ReportDocument document)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append($"<title>{E(document.Title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>{E(document.Title)}</h1>\n<p class=\"subtitle\">{E(document.Subtitle)}</p>\n");
        foreach (var section in document.Sections)
        {
            html.Append($"<section>\n<h2>{E(section.Heading)}</h2>\n");
            switch (section)
            {
                case TextSection text:
                    foreach (var p in text.Paragraphs) html.Append($"<p>{E(p)}</p>\n");
                    break;
                case VerdictSection { Rows.Count: 0 }:
                    html.Append("<p class=\"note\">None.</p>\n");
                    break;
                case VerdictSection verdict:
                    AppendVerdict(html, verdict);
                    break;
                case FigureSection figures:
                    foreach (var f in figures.Figures) AppendFigure(html, f);
                    break;
                case TableSection table:
                    AppendTable(html, table);
                    break;
                case CodeSection code:
                    html.Append($"<pre>{E(code.Code)}</pre>\n");
                    break;
            }
            html.Append("</section>\n");
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendVerdict(StringBuilder html, VerdictSection verdict)
    {
        html.Append($"<table id=\"{E(verdict.Id)}\">\n<tr><th>{E(verdict.Noun)}</th><th>measured</th><th>expected</th><th>seeds</th><th>verdict</th></tr>\n");
        foreach (var row in verdict.Rows)
        {
            var (rowClass, word) = !row.Testable ? ("untestable", "not testable") : row.Holds ? ("holds", verdict.Holds) : ("fails", verdict.Fails);
            html.Append($"<tr class=\"{rowClass}\"><td><code>{E(row.Name)}</code>: {E(row.Claim)}</td><td>{E(row.Measured)}</td>" +
                $"<td>{E(row.Expected)}</td><td class=\"number\">{row.Seeds}</td><td class=\"verdict\">{word}</td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void AppendFigure(StringBuilder html, ReportImage figure)
    {
        html.Append($"<figure>\n<img src=\"data:image/png;base64,{Convert.ToBase64String(figure.Png)}\" alt=\"{E(figure.Title)}\">\n");
        html.Append($"<figcaption><b>{E(figure.Title)}.</b> {E(figure.Caption)}");
        if (figure.Link is not null) html.Append($" <a href=\"{E(figure.Link)}\">(vector version)</a>");
        html.Append("</figcaption>\n</figure>\n");
    }

    private static void AppendTable(StringBuilder html, TableSection table)
    {
        html.Append("<table>\n<tr>");
        foreach (var c in table.Columns) html.Append($"<th>{E(c)}</th>");
        html.Append("</tr>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var content = cell.Href is null ? E(cell.Text) : $"<a href=\"{E(cell.Href)}\">{E(cell.Text)}</a>";
                html.Append(cell.Class is null ? $"<td>{content}</td>" : $"<td class=\"{E(cell.Class)}\">{content}</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
        if (table.Note is not null) html.Append($"<p class=\"note\">{E(table.Note)}</p>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
