using NetGeometry.Data;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Data;

public class StandardizationTests
{
    [Fact]
    public void Training_features_get_zero_mean_and_unit_std_and_the_test_set_the_same_map()
    {
        var train = GaussianInputs.Sample(500, 3, seed: 21, scale: 4.0);
        train.Inputs.add_(Held(7.0), Held(1));
        using var constant = train.Inputs.index_fill(1, tensor(new long[] { 2 }), Held(5.0));
        using var testInputs = tensor(new double[] { 7, 7, 5, 11, 3, 5 }, 2, 3);
        using var split = new DataSplit(
            new Dataset("train", constant.clone(), zeros(500, 1, dtype: ScalarType.Float64), "train"),
            new Dataset("test", testInputs.clone(), zeros(2, 1, dtype: ScalarType.Float64), "test"));
        using var standardized = Standardization.Apply(split);

        var (std, mean) = standardized.Train.Inputs.std_mean(0, unbiased: false);
        Assert.True(mean.abs().max().item<double>() < 1e-12);
        Assert.Equal(1.0, std[0].item<double>(), 1e-12);
        Assert.Equal(1.0, std[1].item<double>(), 1e-12);
        Assert.Equal(0.0, std[2].item<double>()); // a constant feature is only centred

        var (trainStd, trainMean) = constant.std_mean(0, unbiased: false);
        double expected = (11 - trainMean[0].item<double>()) / trainStd[0].item<double>();
        Assert.Equal(expected, standardized.Test!.Inputs[1, 0].item<double>(), 1e-12);
        Assert.Equal(0.0, standardized.Test!.Inputs[0, 2].item<double>());
        Assert.Contains("standardized", standardized.Train.Provenance);
    }
}
