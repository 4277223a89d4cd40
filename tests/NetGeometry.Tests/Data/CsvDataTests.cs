using System.Globalization;
using System.Text;
using NetGeometry.Data;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Data;

public class CsvDataTests
{
    private static InputException LoadFails(string content, string? targetColumn = null, bool classification = false)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("table.csv"), content);
        var e = Assert.Throws<InputException>(() => CsvData.Load(dir.File("table.csv"), targetColumn, classification));
        Assert.Contains("table.csv", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    [Fact]
    public void The_last_column_is_a_regression_target_by_default()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "a, b ,y\n1,2,3\n\n-4.5,5e-1, 6\n");
        using var data = CsvData.Load(dir.File("t.csv"));
        Assert.Equal(new long[] { 2, 2 }, data.Inputs.shape);
        Assert.Equal([1, 2, -4.5, 0.5], data.Inputs.data<double>().ToArray());
        Assert.Equal([3.0, 6.0], data.Targets.data<double>().ToArray());
        Assert.Null(data.Labels);
        Assert.Equal("t", data.Name);
    }

    [Fact]
    public void A_named_class_column_becomes_one_hot_targets()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "x1,class,x2\n0.1,2,0.2\n0.3,0,0.4\n");
        using var data = CsvData.Load(dir.File("t.csv"), targetColumn: "class", classification: true);
        Assert.Equal([0.1, 0.2, 0.3, 0.4], data.Inputs.data<double>().ToArray());
        Assert.Equal(3, data.ClassCount);
        Assert.Equal([2L, 0L], data.Labels!.data<long>().ToArray());
        Assert.Equal([0, 0, 1.0, 1, 0, 0], data.Targets.data<double>().ToArray());
    }

    [Fact]
    public void A_bad_cell_is_named_by_line_and_column()
    {
        var e = LoadFails("a,b,y\n1,2,3\n4,five,6\n");
        Assert.Contains("line 3, column 2 (b): 'five' is not a finite number", e.Message);
        Assert.Contains("line 2, column 1 (a): empty cell", LoadFails("a,b,y\n,2,3\n").Message);
    }

    [Fact]
    public void Structural_problems_are_reported()
    {
        Assert.Contains("line 3 has 2 cells, the header has 3", LoadFails("a,b,y\n1,2,3\n1,2\n").Message);
        Assert.Contains("no column named 'z'", LoadFails("a,b,y\n1,2,3\n", targetColumn: "z").Message);
        Assert.Contains("no data rows", LoadFails("a,b,y\n").Message);
        Assert.Contains("line 2, column 3 (y): 1.5 is not a class index", LoadFails("a,b,y\n1,2,1.5\n", classification: true).Message);
    }

    [Fact]
    public void Quoted_fields_follow_rfc_4180_and_lines_count_the_breaks_inside_them()
    {
        using var dir = new TempDirectory();
        // Header names with a comma, a doubled quote and a line break; quoted numbers with spaces inside and around.
        File.WriteAllText(dir.File("t.csv"), "\"width, in \"\"cm\"\"\",\"depth\nof net\",y\n\"1.5\", \" 2\" ,3\n\n4,5,\"6\"\n");
        using var data = CsvData.Load(dir.File("t.csv"), targetColumn: "y");
        Assert.Equal([1.5, 2, 4, 5], data.Inputs.data<double>().ToArray());
        Assert.Equal([3.0, 6.0], data.Targets.data<double>().ToArray());
        Assert.Equal([0L, 1L], data.Indices.data<long>().ToArray()); // data rows, not lines
        using var byName = CsvData.Load(dir.File("t.csv"), targetColumn: "width, in \"cm\"");
        Assert.Equal([2.0, 3, 5, 6], byName.Inputs.data<double>().ToArray()); // the first column is now the target
        // The header spans lines 1-2, so the bad cell is on line 4; its column's name is shown on one line.
        Assert.Contains("line 4, column 1 (a\\nb): 'x' is not a finite number", LoadFails("\"a\nb\",y\n1,2\nx,3\n").Message);
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_column_name()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "x,y\n1,2\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(dir.File("t.csv"))[0]);
        using var data = CsvData.Load(dir.File("t.csv"), targetColumn: "x");
        Assert.Equal([2.0], data.Inputs.data<double>().ToArray());
        Assert.Equal([1.0], data.Targets.data<double>().ToArray());
    }

    [Fact]
    public void Numbers_are_read_in_the_invariant_culture_whatever_the_current_one()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("t.csv"), "a,y\n1.5,2e3\n");
        var culture = CultureInfo.CurrentCulture;
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        try
        {
            CultureInfo.CurrentCulture = comma;
            using var data = CsvData.Load(dir.File("t.csv"));
            Assert.Equal([1.5], data.Inputs.data<double>().ToArray());
            Assert.Equal([2000.0], data.Targets.data<double>().ToArray());
        }
        finally { CultureInfo.CurrentCulture = culture; }
    }

    [Fact]
    public void A_malformed_row_is_one_line_naming_the_line_it_starts_on()
    {
        Assert.Contains("line 3: text after the closing quote of a field", LoadFails("a,b,y\n1,2,3\n4,\"2\"x,6\n").Message);
        Assert.Contains("line 2: a quote inside an unquoted field", LoadFails("a,b,y\n4,2\"x\",6\n").Message);
        // A quote never closed swallows the rest of the file: the row is still named by its first line.
        Assert.Contains("line 3: a quoted field is never closed", LoadFails("a,b,y\n1,2,3\n4,\"5,6\n7,8,9\n").Message);
    }
}
