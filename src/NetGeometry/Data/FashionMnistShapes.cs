using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Point sets from Fashion-MNIST images for landmark matching (image-matching.md, "Data from the project"): the radial
/// contour of an item. From the centroid c of the foreground (pixels above <see cref="Threshold"/>), N rays at the
/// angles 2 pi k / N, k = 0..N-1; on each, the contour point is the farthest point along the ray whose pixel is
/// foreground (marched in steps of a quarter pixel), so the points are ordered by angle around the centroid and two
/// items' points correspond by index (angle). For a shape that is not star-shaped about its centroid (a trouser's legs)
/// this is the outer envelope along the rays. Coordinates are in [0, 1]^2, the image's side being 1 and y pointing up.
/// </summary>
internal static class FashionMnistShapes
{
    /// <summary>The intensity (in [0, 1]) above which a pixel is foreground.</summary>
    public const double Threshold = 0.2;

    private const double MarchStep = 0.25;

    /// <summary>The radial contour [points, 2] of one image given as its 784 pixels in [0, 1] (row-major, top row first).</summary>
    public static Tensor RadialContour(IReadOnlyList<double> pixels, int points)
    {
        int side = FashionMnist.ImageSide;
        if (pixels.Count != side * side) throw new ArgumentException($"an image has {side * side} pixels, got {pixels.Count}", nameof(pixels));
        if (points < 3) throw new ArgumentOutOfRangeException(nameof(points), points, "at least 3 points");
        bool Foreground(int row, int column) => row >= 0 && row < side && column >= 0 && column < side && pixels[row * side + column] > Threshold;
        var foreground = Enumerable.Range(0, side * side).Where(i => pixels[i] > Threshold).ToList();
        if (foreground.Count == 0) throw new ArgumentException("the image has no foreground pixel", nameof(pixels));
        // Pixel (row, column) covers [column, column + 1] x [row, row + 1] in pixel units, its centre at + 0.5.
        double cx = foreground.Average(i => i % side + 0.5), cy = foreground.Average(i => i / side + 0.5);
        var contour = new double[points * 2];
        for (int k = 0; k < points; k++)
        {
            double angle = 2 * Math.PI * k / points, ux = Math.Cos(angle), uy = -Math.Sin(angle);   // rows grow downwards
            double radius = 0;
            for (double r = 0; r <= side * Math.Sqrt(2); r += MarchStep)
                if (Foreground((int)Math.Floor(cy + r * uy), (int)Math.Floor(cx + r * ux))) radius = r;
            contour[2 * k] = (cx + radius * ux) / side;
            contour[2 * k + 1] = 1 - (cy + radius * uy) / side;
        }
        return tensor(contour, new long[] { points, 2 }, ScalarType.Float64);
    }

    /// <summary>The radial contours [count, points, 2] of the first <paramref name="count"/> training images of one
    /// class (file order), from <paramref name="directory"/> (null: where <see cref="FashionMnist.Load"/> looks).</summary>
    public static Tensor Items(int classIndex, int count, int points, string? directory = null)
    {
        using var scope = NewDisposeScope();
        var split = FashionMnist.Load(directory, trainCount: count, testCount: 0, classes: [classIndex], oneHot: false);
        var images = split.Train.Inputs.data<double>().ToArray();
        var contours = Enumerable.Range(0, (int)split.Train.Inputs.shape[0])
            .Select(i => RadialContour(new ArraySegment<double>(images, i * FashionMnist.PixelCount, FashionMnist.PixelCount), points)).ToArray();
        return stack(contours).MoveToOuterDisposeScope();
    }
}
