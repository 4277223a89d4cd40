using NetGeometry.Data;
using NetGeometry.Engine;
using NetGeometry.Experiments;
using NetGeometry.Experiments.Sweeps;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Data;

/// <summary>Every example keeps its index in the user's data (Dataset.Indices) through splits, subsets, views and
/// derived datasets; --order file splits a CSV file's rows in file order.</summary>
public class ExampleIndicesTests
{
    /// <summary>A CSV file whose data row r is "r, r^2 / 7, r mod 3": its first input names its row.</summary>
    private static string RowsCsv(TempDirectory dir, int rows)
    {
        var path = dir.File("rows.csv");
        File.WriteAllLines(path, ["row,square,y", .. Enumerable.Range(0, rows).SelectMany(r => r == 4 ? new[] { "", Row(r) } : [Row(r)])]);
        return path;

        static string Row(int r) => FormattableString.Invariant($"{r},{r * r / 7.0},{r % 3}");
    }

    private static long[] Indices(Dataset data) => data.Indices.data<long>().ToArray();

    /// <summary>The rows the inputs came from, read from their first column.</summary>
    private static long[] RowsOf(Dataset data)
    {
        using var first = data.Inputs.select(1, 0);
        return first.data<double>().Select(x => (long)x).ToArray();
    }

    [Fact]
    public void Shuffled_csv_rows_keep_their_file_row_in_both_splits()
    {
        using var dir = new TempDirectory();
        var spec = new DataSpec { Source = "csv", CsvFile = RowsCsv(dir, 12), Train = 7, Test = 4, Classification = true };
        using var split = spec.Load(seed: 8);
        long[] train = Indices(split.Train), test = Indices(split.Test!);
        Assert.Equal(RowsOf(split.Train), train);
        Assert.Equal(RowsOf(split.Test!), test);
        Assert.Equal(11, train.Concat(test).Distinct().Count());
        Assert.All(train.Concat(test), r => Assert.InRange(r, 0, 11));
        Assert.NotEqual(Enumerable.Range(0, 7).Select(r => (long)r), train); // shuffled, as before --order existed
    }

    [Fact]
    public void File_order_takes_the_first_rows_for_training_and_the_next_for_test()
    {
        using var dir = new TempDirectory();
        var spec = new DataSpec { Source = "csv", CsvFile = RowsCsv(dir, 12), Train = 7, Test = 4, Order = "file" };
        using var split = spec.Load(seed: 8);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], Indices(split.Train));
        Assert.Equal([7, 8, 9, 10], Indices(split.Test!));
        Assert.Equal(Indices(split.Train), RowsOf(split.Train));
        Assert.Equal(Indices(split.Test!), RowsOf(split.Test!));
        using var other = spec.Load(seed: 9);
        Assert.True(TensorAssert.Same(split.Train.Inputs, other.Train.Inputs), "file order does not depend on the seed");
    }

    [Fact]
    public void Noise_and_standardization_keep_the_indices()
    {
        using var dir = new TempDirectory();
        var plain = new DataSpec { Source = "csv", CsvFile = RowsCsv(dir, 12), Test = 3, Classification = true };
        using var clean = plain.Load(seed: 2);
        using var changed = (plain with { LabelNoise = 0.5, Standardize = true }).Load(seed: 2);
        Assert.False(TensorAssert.Same(clean.Train.Inputs, changed.Train.Inputs));
        Assert.True(TensorAssert.Same(clean.Train.Indices, changed.Train.Indices));
        Assert.True(TensorAssert.Same(clean.Test!.Indices, changed.Test!.Indices));
    }

    [Fact]
    public void Subsets_views_and_batches_carry_the_indices()
    {
        using var dir = new TempDirectory();
        using var split = new DataSpec { Source = "csv", CsvFile = RowsCsv(dir, 10), Classification = true }.Load(seed: 4);
        var data = split.Train;
        using var picked = tensor(new long[] { 9, 0, 3 });
        using var subset = data.Subset(picked);
        Assert.Equal(RowsOf(subset), Indices(subset));
        using var rows = data.Rows(2, 5);
        Assert.Equal(Indices(data)[2..7], Indices(rows));
        var batches = data.Batches(3);
        Assert.Equal(Indices(data), batches.SelectMany(Indices));
        foreach (var b in batches) b.Dispose();
    }

    [Fact]
    public void Fashion_mnist_indices_are_the_images_in_the_idx_files()
    {
        using var all = FashionMnist.Load(DataFiles.MiniFashionMnist, oneHot: false);
        using var chosen = FashionMnist.Load(DataFiles.MiniFashionMnist, 5, 2, classes: [3, 5], oneHot: false);
        foreach (var (whole, part) in new[] { (all.Train, chosen.Train), (all.Test!, chosen.Test!) })
        {
            using var images = whole.Inputs.index_select(0, part.Indices);
            using var labels = whole.Labels!.index_select(0, part.Indices);
            Assert.True(TensorAssert.Same(images, part.Inputs));
            Assert.All(labels.data<long>().ToArray(), l => Assert.Contains(l, new long[] { 3, 5 }));
            var kept = whole.Labels!.data<long>().Select((l, i) => (l, i)).Where(p => p.l is 3 or 5).Take((int)part.Count);
            Assert.Equal(kept.Select(p => (long)p.i), Indices(part)); // the first images of those classes, in file order
        }
    }

    [Fact]
    public void Generated_points_are_numbered_in_the_order_they_are_drawn()
    {
        using var split = new DataSpec { Train = 6, Test = 3 }.Load(seed: 1);
        Assert.Equal([0, 1, 2, 3, 4, 5], Indices(split.Train));
        Assert.Equal([0, 1, 2], Indices(split.Test!));
    }

    [Fact]
    public void Order_is_checked_and_the_default_leaves_spec_json_and_the_cell_key_as_they_were()
    {
        using var dir = new TempDirectory();
        var csv = new DataSpec { Source = "csv", CsvFile = RowsCsv(dir, 5) };
        Assert.Contains("unknown data.order 'sorted'", Assert.Throws<InputException>(() => (csv with { Order = "sorted" }).Load(1)).Message);
        Assert.Contains("data.order applies to data.source csv only", Assert.Throws<InputException>(() => new DataSpec { Order = "file" }.Load(1)).Message);
        var shuffled = new RunSpec { Data = csv };
        var fileOrder = new RunSpec { Data = csv with { Order = "file" } };
        Assert.DoesNotContain("order", shuffled.ToJson(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"order\": \"file\"", fileOrder.ToJson());
        Assert.NotEqual(CellKey.Of(shuffled), CellKey.Of(fileOrder));
        Assert.Equal("file", RunSpec.FromJson(fileOrder.ToJson(), "spec.json").Data.Order);
    }
}
