using System.Diagnostics;
using NetGeometry.Data;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Data;

public class FashionMnistTests
{
    // The first labels of the real files (train-labels-idx1-ubyte.gz, t10k-labels-idx1-ubyte.gz).
    private static readonly long[] FirstTrainLabels = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9, 5, 5, 7, 9];
    private static readonly long[] FirstTestLabels = [9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5, 7, 3, 4, 1];

    private static double Pixel(Dataset data, long image, long pixel) => data.Inputs[image, pixel].item<double>();

    [Fact]
    public void The_fixture_loads_with_the_real_shapes_labels_and_pixels()
    {
        using var split = FashionMnist.Load(DataFiles.MiniFashionMnist);
        var (train, test) = (split.Train, split.Test!);
        Assert.Equal(new long[] { 32, 784 }, train.Inputs.shape);
        Assert.Equal(new long[] { 32, 10 }, train.Targets.shape);
        Assert.Equal(new long[] { 16, 784 }, test.Inputs.shape);
        Assert.Equal(10, train.ClassCount);
        Assert.Equal(ScalarType.Float64, train.Inputs.dtype);
        Assert.Equal(FirstTrainLabels, train.Labels!.data<long>().Take(16).ToArray());
        Assert.Equal(FirstTestLabels, test.Labels!.data<long>().ToArray());
        // Bytes read from the real files: train image 0 pixels 100 and 127, train image 31 pixel 320, test image 15 pixel 152.
        Assert.Equal(73 / 255.0, Pixel(train, 0, 100));
        Assert.Equal(136 / 255.0, Pixel(train, 0, 127));
        Assert.Equal(122 / 255.0, Pixel(train, 31, 320));
        Assert.Equal(174 / 255.0, Pixel(test, 15, 152));
        Assert.Equal(0.0, train.Inputs.min().item<double>());
        Assert.True(train.Inputs.max().item<double>() <= 1.0);
        using var labelOfRow = train.Targets.argmax(1);
        Assert.True(TensorAssert.Same(labelOfRow, train.Labels!));
        Assert.Equal(32.0, train.Targets.sum().item<double>());
    }

    [Fact]
    public void Gzipped_and_plain_files_load_identically()
    {
        using var dir = new TempDirectory();
        foreach (var name in DataFiles.FashionMnistFiles) File.WriteAllBytes(dir.File(name), DataFiles.Gunzip(name));
        using var gz = FashionMnist.Load(DataFiles.MiniFashionMnist);
        using var plain = FashionMnist.Load(dir.Path);
        Assert.True(TensorAssert.Same(gz.Train.Inputs, plain.Train.Inputs));
        Assert.True(TensorAssert.Same(gz.Test!.Inputs, plain.Test!.Inputs));
        Assert.True(TensorAssert.Same(gz.Train.Labels!, plain.Train.Labels!));
    }

    [Fact]
    public void A_truncated_image_file_is_one_line_naming_it()
    {
        using var dir = new TempDirectory();
        foreach (var name in DataFiles.FashionMnistFiles)
            File.Copy(Path.Combine(DataFiles.MiniFashionMnist, name + ".gz"), dir.File(name + ".gz"));
        var images = DataFiles.Gunzip("t10k-images-idx3-ubyte");
        File.Delete(dir.File("t10k-images-idx3-ubyte.gz"));
        File.WriteAllBytes(dir.File("t10k-images-idx3-ubyte.gz"), DataFiles.Gzip(images[..1250]));
        var e = Assert.Throws<InputException>(() => FashionMnist.Load(dir.Path));
        Assert.Contains("t10k-images-idx3-ubyte.gz: truncated: expected 12544 bytes of data", e.Message);
        Assert.Contains("found 1234", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_missing_directory_gives_the_install_hint()
    {
        var e = Assert.Throws<InputException>(() => FashionMnist.Load("/nonexistent/fashion"));
        Assert.Contains("/nonexistent/fashion", e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("data.dataDir", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named_with_the_install_hint()
    {
        using var dir = new TempDirectory();
        foreach (var name in DataFiles.FashionMnistFiles.Where(n => n != "t10k-labels-idx1-ubyte"))
            File.Copy(Path.Combine(DataFiles.MiniFashionMnist, name + ".gz"), dir.File(name + ".gz"));
        var e = Assert.Throws<InputException>(() => FashionMnist.Load(dir.Path));
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
    }

    [Fact]
    public void Counts_keep_the_first_examples_and_zero_test_means_no_test_set()
    {
        using var split = FashionMnist.Load(DataFiles.MiniFashionMnist, trainCount: 5, testCount: 0);
        Assert.Null(split.Test);
        Assert.Equal(FirstTrainLabels[..5], split.Train.Labels!.data<long>().ToArray());
        Assert.Equal(136 / 255.0, Pixel(split.Train, 0, 127));
        var e = Assert.Throws<InputException>(() => FashionMnist.Load(DataFiles.MiniFashionMnist, trainCount: 33));
        Assert.Contains("data.train 33", e.Message);
    }

    [Fact]
    public void A_class_subset_is_renumbered_in_the_order_given_with_integer_targets()
    {
        // Classes 9 (ankle boot) and 0 (T-shirt/top): train labels 9,0,0,_,0,... become 0,1,1,_,1,...
        using var split = FashionMnist.Load(DataFiles.MiniFashionMnist, testCount: 0, classes: [9, 0], oneHot: false);
        var train = split.Train;
        Assert.Equal(2, train.ClassCount);
        Assert.Equal(new long[] { 0, 1, 1, 1, 1, 0 }, train.Labels!.data<long>().Take(6).ToArray());
        Assert.Equal(new long[] { train.Count, 1 }, train.Targets.shape);
        using var asDouble = train.Labels!.to_type(ScalarType.Float64).unsqueeze(1);
        Assert.True(TensorAssert.Same(asDouble, train.Targets));
        Assert.Equal(136 / 255.0, Pixel(train, 0, 127)); // the first kept image is image 0, an ankle boot
        Assert.Contains("is not a class", Assert.Throws<InputException>(() => FashionMnist.Load(DataFiles.MiniFashionMnist, classes: [10])).Message);
    }

    [Fact]
    public void The_installed_dataset_loads_completely_and_quickly()
    {
        Assert.True(Directory.Exists(FashionMnist.DefaultDirectory), $"install dataset-fashion-mnist: {FashionMnist.DefaultDirectory} is missing.");
        var clock = Stopwatch.StartNew();
        using var split = FashionMnist.Load();
        clock.Stop();
        Assert.Equal(new long[] { 60_000, 784 }, split.Train.Inputs.shape);
        Assert.Equal(new long[] { 10_000, 784 }, split.Test!.Inputs.shape);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"loading took {clock.Elapsed.TotalSeconds:F1} s.");
        using var mini = FashionMnist.Load(DataFiles.MiniFashionMnist);
        using var first = split.Train.Inputs.narrow(0, 0, 32);
        Assert.True(TensorAssert.Same(first, mini.Train.Inputs));
    }
}
