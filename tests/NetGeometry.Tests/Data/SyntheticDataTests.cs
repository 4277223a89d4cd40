using NetGeometry.Data;
using NetGeometry.Networks;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Data;

public class SyntheticDataTests
{
    [Fact]
    public void Sphere_points_have_unit_norm_and_depend_only_on_the_seed()
    {
        var a = SphereInputs.Sample(50, 7, seed: 1);
        var again = SphereInputs.Sample(50, 7, seed: 1);
        var other = SphereInputs.Sample(50, 7, seed: 2);
        Assert.Equal(new long[] { 50, 7 }, a.Inputs.shape);
        Assert.Equal(ScalarType.Float64, a.Inputs.dtype);
        using var norms = a.Inputs.norm(1);
        Assert.True(norms.allclose(ones_like(norms), rtol: 0, atol: 1e-12));
        Assert.True(TensorAssert.Same(a.Inputs, again.Inputs));
        Assert.False(a.Inputs.allclose(other.Inputs));
        Assert.Contains("S^6", a.Provenance);
        Assert.Contains("seed=1", a.Provenance);
    }

    [Fact]
    public void Sphere_points_are_centred_and_isotropic()
    {
        // Uniform on S^(d-1): E[x] = 0 and E[x x^T] = I/d.
        var x = SphereInputs.Sample(20_000, 4, seed: 3).Inputs;
        using var mean = x.mean([0]);
        using var second = x.t().matmul(x).div(Held(x.shape[0]));
        Assert.True(mean.abs().max().item<double>() < 0.02);
        Assert.True(second.allclose(eye(4, dtype: ScalarType.Float64).div(Held(4)), rtol: 0, atol: 0.02));
    }

    [Fact]
    public void Gaussian_inputs_have_the_asked_scale()
    {
        var x = GaussianInputs.Sample(20_000, 3, seed: 4, scale: 2.5).Inputs;
        using var std = x.std();
        Assert.Equal(2.5, std.item<double>(), 0.05);
        Assert.True(TensorAssert.Same(x, GaussianInputs.Sample(20_000, 3, seed: 4, scale: 2.5).Inputs));
    }

    [Fact]
    public void Gaussian_labels_are_standard_normal_and_seeded()
    {
        using var data = GaussianLabels.Label(SphereInputs.Sample(20_000, 3, seed: 5), seed: 6);
        using var again = GaussianLabels.Label(SphereInputs.Sample(20_000, 3, seed: 5), seed: 6);
        Assert.Equal(new long[] { 20_000, 1 }, data.Targets.shape);
        Assert.Null(data.Labels);
        Assert.Equal(0.0, data.Targets.mean().item<double>(), 0.03);
        Assert.Equal(1.0, data.Targets.std().item<double>(), 0.03);
        Assert.True(TensorAssert.Same(data.Targets, again.Targets));
        Assert.Contains("y ~ N(0, 1)", data.Provenance);
    }

    [Fact]
    public void A_teacher_gives_unit_variance_training_targets_that_are_a_function_of_the_inputs()
    {
        var train = SphereInputs.Sample(300, 5, seed: 7);
        using var teacher = new TeacherLabels(5, 32, Activation.Tanh, seed: 8, train.Inputs);
        using var data = teacher.Label(train);
        Assert.Equal(1.0, data.Targets.std().item<double>(), 1e-12);
        // The same input gets the same target, through a fresh sample and a rebuilt teacher.
        var copy = SphereInputs.Sample(300, 5, seed: 7);
        using var rebuilt = new TeacherLabels(5, 32, Activation.Tanh, seed: 8, copy.Inputs);
        using var again = rebuilt.Label(copy);
        Assert.True(TensorAssert.Same(data.Targets, again.Targets));
        Assert.Contains("mlp 5-32-1", data.Provenance);
        using var other = new TeacherLabels(5, 32, Activation.Tanh, seed: 9, train.Inputs);
        Assert.NotEqual(teacher.Scale, other.Scale);
    }
}
