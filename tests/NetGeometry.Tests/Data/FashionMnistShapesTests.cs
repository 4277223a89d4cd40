using NetGeometry.Data;

namespace NetGeometry.Tests.Data;

public class FashionMnistShapesTests
{
    [Fact]
    public void TheRadialContourOfADiskLiesOnItsCircleInAngleOrder()
    {
        // A disk of radius 8 pixels about the image's centre: every ray leaves it at 8 pixels, within a pixel.
        var pixels = Enumerable.Range(0, 784).Select(i => Math.Pow(i % 28 + 0.5 - 14, 2) + Math.Pow(i / 28 + 0.5 - 14, 2) <= 64 ? 1.0 : 0.0).ToArray();
        var contour = FashionMnistShapes.RadialContour(pixels, 16);
        for (int k = 0; k < 16; k++)
        {
            double x = contour[k, 0].item<double>() - 0.5, y = contour[k, 1].item<double>() - 0.5;
            Assert.InRange(Math.Sqrt(x * x + y * y) * 28, 7, 8.5);
            double expected = 2 * Math.PI * k / 16, angle = Math.Atan2(y, x);
            Assert.True(Math.Abs(Math.IEEERemainder(angle - expected, 2 * Math.PI)) < 1e-9, $"point {k} at angle {angle}");
        }
    }

    [Fact]
    public void ContoursOfRealItemsStayInTheUnitSquareOnForegroundPixels()
    {
        var items = FashionMnistShapes.Items(0, 2, 24, DataFiles.MiniFashionMnist);
        Assert.Equal(new long[] { 2, 24, 2 }, items.shape);
        var split = FashionMnist.Load(DataFiles.MiniFashionMnist, trainCount: 2, testCount: 0, classes: [0], oneHot: false);
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 24; k++)
            {
                double x = items[i, k, 0].item<double>(), y = items[i, k, 1].item<double>();
                Assert.InRange(x, 0, 1);
                Assert.InRange(y, 0, 1);
                // The point lies on the boundary of a foreground pixel reached along the ray (within a quarter pixel).
                int column = Math.Clamp((int)Math.Floor(x * 28), 0, 27), row = Math.Clamp((int)Math.Floor((1 - y) * 28), 0, 27);
                Assert.True(split.Train.Inputs[i, row * 28 + column].item<double>() > FashionMnistShapes.Threshold, $"item {i} point {k}");
            }
    }
}
