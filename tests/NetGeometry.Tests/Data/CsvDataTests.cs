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
}
