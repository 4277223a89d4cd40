using NetGeometry.Reporting;
using NetGeometry.Training;
using ScottPlot.Plottables;
using SkiaSharp;

namespace NetGeometry.Tests.Reporting;

public sealed class MetricPlotsTests
{
    [Theory]
    [InlineData(new[] { 1e-6, 1e-3, 1.0 }, true)]
    [InlineData(new[] { 1.0, 100.5 }, true)]
    [InlineData(new[] { 1.0, 100.0 }, false)]
    [InlineData(new[] { 0.1, 5.0 }, false)]
    [InlineData(new[] { 0.0, 1e-6, 1.0 }, false)]
    [InlineData(new[] { -1.0, 1e3, 1e6 }, false)]
    [InlineData(new double[0], false)]
    public void LogScaleIsForAllPositiveValuesSpanningMoreThanTwoDecades(double[] values, bool expected)
    {
        Assert.Equal(expected, LogAxes.Spans(values));
    }

    [Fact]
    public void ALossFallingByDecadesGetsALogYAxisAndLinearSteps()
    {
        var loss = Enumerable.Range(0, 50).Select(s => new Metric(s, "loss", null, Math.Pow(10, -s / 10.0)));

        using var plot = MetricPlots.Create("loss", loss);

        Assert.True(LogAxes.HasLogTicks(plot.Axes.Left));
        Assert.False(LogAxes.HasLogTicks(plot.Axes.Bottom));
        var line = Assert.Single(plot.GetPlottables().OfType<Scatter>());
        Assert.Equal(-4.9, line.Data.GetScatterPoints()[^1].Y, 12);  // plotted as log10 of the value
    }

    [Fact]
    public void StepsSpanningDecadesFromOneGetALogXAxis()
    {
        var points = Enumerable.Range(0, 12).Select(k => new Metric(1L << k, "lambda_min", null, 0.5 + k % 2));

        using var plot = MetricPlots.Create("lambda_min", points);

        Assert.True(LogAxes.HasLogTicks(plot.Axes.Bottom));
        Assert.False(LogAxes.HasLogTicks(plot.Axes.Left));
    }

    [Fact]
    public void PerLayerValuesGetOneLineEachAndTheWholeNetworkIsCalledNetwork()
    {
        var points = Enumerable.Range(0, 5).SelectMany(s => new Metric[]
        {
            new(s, "weight_change", "layer1", s), new(s, "weight_change", null, 2 * s), new(s, "weight_change", "layer2", 3 * s),
        });

        using var plot = MetricPlots.Create("weight_change", points);

        Assert.Equal(["network", "layer1", "layer2"], plot.GetPlottables().OfType<Scatter>().Select(s => s.LegendText));
        Assert.True(plot.Legend.IsVisible);
    }

    [Fact]
    public void AWholeNetworkSeriesAloneHasNoLegend()
    {
        using var plot = MetricPlots.Create("loss", [new(0, "loss", null, 1), new(1, "loss", null, 0.5)]);

        Assert.Equal("", Assert.Single(plot.GetPlottables().OfType<Scatter>()).LegendText);
        Assert.False(plot.Legend.IsVisible);
    }

    [Fact]
    public void RendersAn800By500PngLeavingOutValuesThatCannotBeDrawn()
    {
        Metric[] points = [new(0, "loss", null, 1), new(1, "loss", null, 0.5), new(2, "loss", null, double.NaN), new(3, "loss", null, double.PositiveInfinity)];

        var png = MetricPlots.RenderPng("loss", points);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((800, 500), (bitmap.Width, bitmap.Height));
        using var plot = MetricPlots.Create("loss", points);
        Assert.Equal(2, plot.GetPlottables().OfType<Scatter>().Single().Data.GetScatterPoints().Count);
    }

    [Fact]
    public void PointsOfAnotherMetricAreRefused()
    {
        Assert.Throws<ArgumentException>(() => MetricPlots.Create("loss", [new(0, "loss", null, 1), new(0, "accuracy", null, 1)]));
    }
}
