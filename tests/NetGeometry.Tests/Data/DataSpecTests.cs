using System.Text.Json;
using NetGeometry.Data;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Data;

public class DataSpecTests
{
    private static string LoadFails(DataSpec spec)
    {
        var e = Assert.Throws<InputException>(() => spec.Load(seed: 1));
        Assert.DoesNotContain('\n', e.Message);
        return e.Message;
    }

    [Fact]
    public void Bad_fields_are_named()
    {
        Assert.Equal("data.train must be positive, got -3.", LoadFails(new DataSpec { Train = -3 }));
        Assert.Contains("data.test", LoadFails(new DataSpec { Test = -1 }));
        Assert.Contains("data.dim", LoadFails(new DataSpec { Dim = 0 }));
        Assert.Contains("unknown data source 'mnist'", LoadFails(new DataSpec { Source = "mnist" }));
        Assert.Contains("data.labels", LoadFails(new DataSpec { Labels = "cosine" }));
        Assert.Contains("data.teacherWidth", LoadFails(new DataSpec { Labels = "teacher", TeacherWidth = 0 }));
        Assert.Contains("activation", LoadFails(new DataSpec { Labels = "teacher", TeacherActivation = "swish" }));
        Assert.Contains("data.labelNoise", LoadFails(new DataSpec { LabelNoise = -0.1 }));
        Assert.Contains("data.labelNoise", LoadFails(new DataSpec { Source = "fashion-mnist", LabelNoise = 1.5 }));
        Assert.Contains("data.inputStd", LoadFails(new DataSpec { Source = "gaussian", InputStd = 0 }));
        Assert.Contains("data.classes applies to data.source fashion-mnist", LoadFails(new DataSpec { Classes = [1, 2] }));
        Assert.Contains("data.csvFile FILE", LoadFails(new DataSpec { Source = "csv" }));
        Assert.Contains("apt-get install dataset-fashion-mnist", LoadFails(new DataSpec { Source = "fashion-mnist", DataDir = "/nonexistent" }));
    }

    [Fact]
    public void Synthetic_data_depend_on_the_seed_and_the_training_set_not_on_the_test_count()
    {
        var spec = new DataSpec { Source = "sphere", Train = 20, Dim = 5, Labels = "teacher", TeacherWidth = 16 };
        using var a = spec.Load(seed: 42);
        using var b = (spec with { Test = 7 }).Load(seed: 42);
        using var c = spec.Load(seed: 43);
        Assert.Null(a.Test);
        Assert.Equal(new long[] { 7, 5 }, b.Test!.Inputs.shape);
        Assert.True(TensorAssert.Same(a.Train.Inputs, b.Train.Inputs));
        Assert.True(TensorAssert.Same(a.Train.Targets, b.Train.Targets));
        Assert.False(a.Train.Inputs.allclose(c.Train.Inputs));
        Assert.Equal(1.0, a.Train.Targets.std().item<double>(), 1e-12);
    }

    [Fact]
    public void Du_et_al_defaults_give_sphere_inputs_with_gaussian_labels()
    {
        using var split = new DataSpec().Load(seed: 5);
        Assert.Equal(new long[] { DataSpec.DefaultSyntheticTrain, 10 }, split.Train.Inputs.shape);
        Assert.Equal(new long[] { DataSpec.DefaultSyntheticTrain, 1 }, split.Train.Targets.shape);
        Assert.Contains("y ~ N(0, 1)", split.Train.Provenance);
    }

    [Fact]
    public void Fashion_mnist_options_compose_noise_and_standardization_on_the_training_set()
    {
        var spec = new DataSpec
        {
            Source = "fashion-mnist", DataDir = DataFiles.MiniFashionMnist, Train = 30, Test = 10,
            LabelNoise = 0.5, Standardize = true,
        };
        using var split = spec.Load(seed: 3);
        using var clean = FashionMnist.Load(DataFiles.MiniFashionMnist, 30, 10);
        Assert.Equal(new long[] { 30, 784 }, split.Train.Inputs.shape);
        Assert.Equal(new long[] { 10, 784 }, split.Test!.Inputs.shape);
        Assert.True(TensorAssert.Same(split.Test.Labels!, clean.Test!.Labels!));
        Assert.False(TensorAssert.Same(split.Train.Labels!, clean.Train.Labels!));
        Assert.True(split.Train.Inputs.mean([0]).abs().max().item<double>() < 1e-12);
        Assert.Contains("15 of 30 labels replaced", split.Train.Provenance);
        Assert.Contains("standardized", split.Test.Provenance);
    }

    [Fact]
    public void Csv_rows_are_shuffled_with_the_seed_then_split()
    {
        using var dir = new TempDirectory();
        File.WriteAllLines(dir.File("rows.csv"), ["x,y", .. Enumerable.Range(0, 10).Select(i => $"{i},{i % 2}")]);
        var spec = new DataSpec { Source = "csv", CsvFile = dir.File("rows.csv"), Test = 3, Classification = true };
        using var split = spec.Load(seed: 8);
        using var again = spec.Load(seed: 8);
        Assert.Equal(7, split.Train.Count);
        Assert.Equal(3, split.Test!.Count);
        Assert.Equal(2, split.Train.ClassCount);
        var all = split.Train.Inputs.data<double>().Concat(split.Test.Inputs.data<double>()).Order();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), all);
        Assert.True(TensorAssert.Same(split.Train.Inputs, again.Train.Inputs));
        Assert.Contains("fewer than data.train 8 plus data.test 3", LoadFails(spec with { Train = 8 }));
    }

    [Fact]
    public void The_spec_round_trips_through_json()
    {
        var spec = new DataSpec
        {
            Source = "fashion-mnist", Train = 1000, Test = 0, Classes = [3, 5], OneHot = false, Standardize = true,
            LabelNoise = 0.2,
        };
        var back = JsonSerializer.Deserialize<DataSpec>(JsonSerializer.Serialize(spec))!;
        Assert.Equal(spec with { Classes = back.Classes }, back);
        Assert.Equal(spec.Classes, back.Classes);
        Assert.Equal(new DataSpec(), JsonSerializer.Deserialize<DataSpec>("{}"));
    }

    [Fact]
    public void TheFieldsTheCoreNamesAreTheSpecsFields()
    {
        // The core names the fields of specs it does not know (the Lab's DataSpec and TrainingSpec): they must agree.
        Assert.Equal(NetGeometry.Training.TrainingSpec.Field(nameof(NetGeometry.Training.TrainingSpec.Loss)), NetGeometry.Models.Loss.Field);
        Assert.Equal(DataSpec.Field(nameof(DataSpec.Train)), DataFields.Train);
        Assert.Equal(DataSpec.Field(nameof(DataSpec.Test)), DataFields.Test);
        Assert.Equal(DataSpec.Field(nameof(DataSpec.Classes)), DataFields.Classes);
        Assert.Equal(DataSpec.Field(nameof(DataSpec.DataDir)), DataFields.DataDir);
        Assert.Equal(DataSpec.Field(nameof(DataSpec.LabelNoise)), DataFields.LabelNoise);
    }
}
