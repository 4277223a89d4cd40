using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017): 28 x 28 grey-level images of ten kinds of clothing, 60,000 for
/// training and 10,000 for test, in four IDX files (each plain or gzipped). Inputs are the 784 pixels of each image
/// scaled to [0, 1], float64; targets are one-hot rows or the class index.
/// </summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package dataset-fashion-mnist installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";
    /// <summary>The number of classes.</summary>
    public const int ClassCount = 10;

    /// <summary>The height and width of an image, in pixels.</summary>
    public const int ImageSide = 28;

    /// <summary>The pixels of an image: the input features d.</summary>
    public const int PixelCount = ImageSide * ImageSide;

    /// <summary>The images in the training files.</summary>
    public const int TrainSize = 60_000;

    /// <summary>The images in the test files.</summary>
    public const int TestSize = 10_000;

    /// <summary>The classes in label order.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The two ways to get the files without a download, as the end of an error message.</summary>
    internal static InputMessage InstallHint =>
        $"install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or point {DataFields.DataDir} at a directory holding the four IDX files";

    /// <summary>
    /// Loads the training set and (unless <paramref name="testCount"/> is 0) the test set from a directory holding
    /// train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each
    /// possibly with .gz). Its errors name the data section's fields these arguments are (data.train, data.classes).
    /// </summary>
    /// <param name="directory">The directory; null means <see cref="DefaultDirectory"/> when it holds the files, else the
    /// user's cache ($NETGEO_CACHE, else $XDG_CACHE_HOME/netgeo, else ~/.cache/netgeo), where missing or damaged files
    /// are downloaded first, their progress reported to <see cref="Downloads.Progress"/>.</param>
    /// <param name="trainCount">Keep the FIRST n training images (of the chosen classes), in file order; the files
    /// are already shuffled, and a fixed subset keeps the data the same across run seeds. Null keeps all.</param>
    /// <param name="testCount">The same for the test set; 0 loads no test set.</param>
    /// <param name="classes">Keep only these classes, renumbered 0..k-1 in the order given; null keeps all ten.</param>
    /// <param name="oneHot">One-hot targets (n x k), or the class index as an n x 1 column.</param>
    /// <exception cref="InputException">The files are missing, damaged or not Fashion-MNIST's and cannot be downloaded,
    /// or a count or class is out of range.</exception>
    public static DataSplit Load(string? directory = null, int? trainCount = null, int? testCount = null,
        IReadOnlyList<int>? classes = null, bool oneHot = true)
    {
        directory ??= new FashionMnistFiles().Locate().Directory;
        InputException.Require(Directory.Exists(directory), $"fashion-mnist: no directory {directory}; {InstallHint}.");
        var train = LoadPart(directory, "train", DataFields.Train, trainCount, classes, oneHot);
        var test = testCount == 0 ? null : LoadPart(directory, "t10k", DataFields.Test, testCount, classes, oneHot);
        return new DataSplit(train, test);
    }

    private static Dataset LoadPart(string directory, string part, InputField countField, int? count,
        IReadOnlyList<int>? classes, bool oneHot)
    {
        string imagesPath = Locate(directory, $"{part}-images-idx3-ubyte");
        string labelsPath = Locate(directory, $"{part}-labels-idx1-ubyte");
        var images = IdxReader.Read(imagesPath);
        var labels = IdxReader.Read(labelsPath);
        long n = labels.Shape[0];
        InputException.Require(images.ElementType == IdxElementType.UnsignedByte && images.Shape.SequenceEqual([n, ImageSide, ImageSide]),
            $"{imagesPath}: holds [{string.Join(", ", images.Shape)}] {images.ElementType}, expected [{n}, {ImageSide}, {ImageSide}] UnsignedByte to match {Path.GetFileName(labelsPath)}; give Fashion-MNIST image files.");
        InputException.Require(labels.ElementType == IdxElementType.UnsignedByte && labels.Shape.Count == 1,
            $"{labelsPath}: holds [{string.Join(", ", labels.Shape)}] {labels.ElementType}, expected a vector of UnsignedByte labels; give Fashion-MNIST label files.");

        // Every tensor is held in a variable until it is disposed: a temporary that is only the receiver of a native
        // call can be finalized (and its memory freed) during that call, since TorchSharp passes bare handles.
        using var rawLabels = labels.ToTensor();
        using var fileLabels = rawLabels.to_type(ScalarType.Int64);
        long maxLabel = n == 0 ? 0 : fileLabels.max().item<long>();
        InputException.Require(maxLabel < ClassCount, $"{labelsPath}: holds label {maxLabel}, but Fashion-MNIST classes are 0..{ClassCount - 1}; give Fashion-MNIST label files.");
        var (indices, kept, classCount) = ClassSelection.Select(fileLabels, ClassCount, classes, count, countField);
        using var rawImages = images.ToTensor();
        using var pixels = rawImages.reshape(n, PixelCount);
        using var keptPixels = pixels.index_select(0, indices);
        var inputs = keptPixels.to_type(ScalarType.Float64).div_(Held(255.0));
        string chosen = classes is null ? "all classes" : $"classes {string.Join(",", classes)} renumbered 0..{classes.Count - 1}";
        string provenance = $"fashion-mnist {(part == "train" ? "train" : "test")}: first {indices.shape[0]} of {n} images of {chosen} from {imagesPath}, pixels/255";
        return ClassTargets.Create("fashion-mnist", inputs, kept, classCount, oneHot, provenance, indices);
    }

    /// <summary>The file's path, plain or gzipped (the plain one when both exist).</summary>
    private static string Locate(string directory, string name) => FindFile(directory, name) ??
        throw new InputException($"fashion-mnist: {directory} holds neither {name} nor {name}.gz; {InstallHint}.");

    /// <summary>The path of <paramref name="name"/> (an IDX file's name without .gz) in the directory, plain or
    /// gzipped (the plain one when both exist), or null when neither is there.</summary>
    internal static string? FindFile(string directory, string name)
    {
        string plain = Path.Combine(directory, name), gzipped = plain + ".gz";
        return File.Exists(plain) ? plain : File.Exists(gzipped) ? gzipped : null;
    }
}
