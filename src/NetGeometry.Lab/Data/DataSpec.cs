using NetGeometry.Engine;
using NetGeometry.Networks;
using Noise = NetGeometry.Data.LabelNoise;

namespace NetGeometry.Data;

/// <summary>
/// A dataset described by plain values (what spec.json stores and the CLI parses; each property names its option).
/// <see cref="Load"/> validates every field, reporting a bad one as an <see cref="InputException"/>, and builds the
/// split. Every random draw comes from the run seed through <see cref="Seeds.Derive"/> ("data", then one label per
/// draw), so the same seed gives the same data, and the training set does not change when only --test does.
/// </summary>
public sealed record DataSpec
{
    /// <summary>--data: sphere (uniform on S^(d-1)), gaussian (N(0, s^2 I_d)), fashion-mnist or csv.</summary>
    public string Source { get; init; } = "sphere";
    /// <summary>--train: training examples. Default: 200 (synthetic), all 60,000 (fashion-mnist: the first n, of
    /// the chosen classes, in file order), all rows not in the test set (csv).</summary>
    public int? Train { get; init; }
    /// <summary>--test: test examples; 0 means no test set. Default: 0 (synthetic, csv), all 10,000 (fashion-mnist).
    /// Synthetic test points are fresh draws from the same distribution, labelled by the same rule.</summary>
    public int? Test { get; init; }
    /// <summary>--dim: d, the input dimension of synthetic data.</summary>
    public int Dim { get; init; } = 10;
    /// <summary>--input-std: s, the standard deviation of each coordinate of gaussian inputs.</summary>
    public double InputStd { get; init; } = 1.0;
    /// <summary>--labels, for synthetic data: gaussian (y ~ N(0, 1), Du et al. 2019), teacher (a random network), or
    /// harmonics (spherical harmonics on the sphere, Su &amp; Yang 2019; see <see cref="Harmonics"/>).</summary>
    public string Labels { get; init; } = "gaussian";
    /// <summary>--harmonics, for --labels harmonics: the degrees and coefficients of the target
    /// y = sum_l c_l Y_l, each Y_l a unit-norm zonal harmonic of degree l (<see cref="HarmonicLabels"/>).</summary>
    public HarmonicTerm[]? Harmonics { get; init; }
    /// <summary>--teacher-width: the teacher network's hidden width.</summary>
    public int TeacherWidth { get; init; } = 100;
    /// <summary>--teacher-activation: the teacher network's activation.</summary>
    public string TeacherActivation { get; init; } = "relu";
    /// <summary>--label-noise, applied to the training set only: the standard deviation of Gaussian noise added to
    /// regression targets, or the fraction of classification labels replaced by uniformly random classes.</summary>
    public double LabelNoise { get; init; }
    /// <summary>--data-dir: the directory holding the four Fashion-MNIST IDX files. Null looks in Debian's
    /// /usr/share/datasets/fashion-mnist, then in the user's cache, downloading the files there when both lack them
    /// (<see cref="FashionMnistFiles"/>).</summary>
    public string? DataDir { get; init; }
    /// <summary>--csv: the CSV file (required with --data csv). Its rows are split in the order <see cref="Order"/> gives.</summary>
    public string? CsvFile { get; init; }
    /// <summary>--order, for CSV data: null (shuffled, the default; left out of spec.json) takes the rows in an order
    /// shuffled with the seed; "file" takes them in the file's order: the first Train rows for training, the next
    /// Test for test. Either way each example keeps its row number (<see cref="Dataset.Indices"/>).</summary>
    public string? Order { get; init; }
    /// <summary>--target-column: the CSV column holding the target; null takes the last column.</summary>
    public string? TargetColumn { get; init; }
    /// <summary>--classification: the CSV target column holds class indices 0..K-1 (otherwise it is regression).</summary>
    public bool Classification { get; init; }
    /// <summary>--classes: keep only these Fashion-MNIST classes, renumbered 0..k-1 in the order given.</summary>
    public int[]? Classes { get; init; }
    /// <summary>--one-hot: classification targets as one-hot rows (true) or the class index as one column (false).</summary>
    public bool OneHot { get; init; } = true;
    /// <summary>--standardize: standardize each input feature with the training set's mean and std.</summary>
    public bool Standardize { get; init; }

    public static readonly string[] Sources = ["sphere", "gaussian", "fashion-mnist", "csv"];
    public static readonly string[] LabelRules = ["gaussian", "teacher", "harmonics"];
    /// <summary>The values of <see cref="Order"/>: "shuffled" (what null means) and "file".</summary>
    public static readonly string[] Orders = ["shuffled", "file"];
    public const int DefaultSyntheticTrain = 200;

    public DataSplit Load(long seed)
    {
        Validate();
        long dataSeed = Seeds.Derive(seed, "data");
        var split = Source switch
        {
            "sphere" or "gaussian" => LoadSynthetic(dataSeed),
            "fashion-mnist" => FashionMnist.Load(DataDir, Train, Test, Classes, OneHot),
            _ => LoadCsv(dataSeed),
        };
        if (LabelNoise > 0)
        {
            var noisy = IsClassification
                ? Noise.RandomizeClasses(split.Train, LabelNoise, Seeds.Derive(dataSeed, "label-noise"))
                : Noise.AddGaussian(split.Train, LabelNoise, Seeds.Derive(dataSeed, "label-noise"));
            split.Train.Dispose();
            split = split with { Train = noisy };
        }
        if (Standardize)
        {
            var standardized = Standardization.Apply(split);
            split.Dispose();
            split = standardized;
        }
        return split;
    }

    /// <summary>The field of one of these properties as a run spec names it (data.train), for error messages.</summary>
    internal static InputField Field(string property) => InputField.Of(property, "data");

    private bool IsSynthetic => Source is "sphere" or "gaussian";
    private bool IsClassification => Source == "fashion-mnist" || (Source == "csv" && Classification);

    private void Validate()
    {
        InputException.Require(Sources.Contains(Source), $"unknown data source '{Source}': use {string.Join(", ", Sources)}.");
        InputException.Require(Train is null or > 0, $"{Field(nameof(Train))} must be positive, got {Train}.");
        InputException.Require(Test is null or >= 0, $"{Field(nameof(Test))} must be 0 (no test set) or positive, got {Test}.");
        InputException.Require(LabelNoise >= 0 && double.IsFinite(LabelNoise), $"{Field(nameof(LabelNoise))} must be finite and non-negative, got {LabelNoise}.");
        InputException.Require(!IsClassification || LabelNoise <= 1,
            $"{Field(nameof(LabelNoise))} is the fraction of training labels replaced by random classes for {Source} classification, so it must be at most 1, got {LabelNoise}.");
        InputException.Require(Classes is null || Source == "fashion-mnist", $"{Field(nameof(Classes))} applies to {Field(nameof(Source))} fashion-mnist only, not {Source}.");
        InputException.Require((TargetColumn is null && !Classification) || Source == "csv",
            $"{Field(nameof(TargetColumn))} and {Field(nameof(Classification))} apply to {Field(nameof(Source))} csv only, not {Source}.");
        InputException.Require(CsvFile is null || Source == "csv", $"{Field(nameof(CsvFile))} applies to {Field(nameof(Source))} csv only, not {Source}; add {Field(nameof(Source))} csv.");
        InputException.Require(Order is null || Orders.Contains(Order), $"unknown {Field(nameof(Order))} '{Order}': use {string.Join(", ", Orders)}.");
        InputException.Require(Order is null or "shuffled" || Source == "csv",
            $"{Field(nameof(Order))} applies to {Field(nameof(Source))} csv only: {Source} data are always in {(IsSynthetic ? "the order they are drawn" : "file order")}.");
        if (IsSynthetic)
        {
            InputException.Require(Dim > 0, $"{Field(nameof(Dim))} must be positive, got {Dim}.");
            InputException.Require(InputStd > 0 && double.IsFinite(InputStd), $"{Field(nameof(InputStd))} must be positive and finite, got {InputStd}.");
            InputException.Require(LabelRules.Contains(Labels), $"unknown {Field(nameof(Labels))} '{Labels}': use {string.Join(", ", LabelRules)}.");
            InputException.Require(TeacherWidth > 0, $"{Field(nameof(TeacherWidth))} must be positive, got {TeacherWidth}.");
            InputException.Require(Labels != "teacher" || (Train ?? DefaultSyntheticTrain) >= 2,
                $"{Field(nameof(Labels))} teacher needs {Field(nameof(Train))} of at least 2 (the teacher's outputs are scaled on the training inputs), got {Train}.");
            Activations.Parse(TeacherActivation);
            ValidateHarmonics();
        }
        else InputException.Require(Harmonics is null, $"{Field(nameof(Harmonics))} applies to {Field(nameof(Source))} sphere with {Field(nameof(Labels))} harmonics, not {Field(nameof(Source))} {Source}.");
        if (Source == "csv")
            InputException.Require(!string.IsNullOrWhiteSpace(CsvFile), $"{Field(nameof(Source))} csv needs {Field(nameof(CsvFile))} FILE: the CSV file to read.");
    }

    private void ValidateHarmonics()
    {
        InputException.Require(Harmonics is null || Labels == "harmonics", $"{Field(nameof(Harmonics))} applies to {Field(nameof(Labels))} harmonics, not {Field(nameof(Labels))} {Labels}.");
        if (Labels != "harmonics") return;
        InputException.Require(Source == "sphere", $"{Field(nameof(Labels))} harmonics needs {Field(nameof(Source))} sphere: spherical harmonics are functions on the unit sphere.");
        InputException.Require(Dim >= 2, $"{Field(nameof(Labels))} harmonics needs {Field(nameof(Dim))} of at least 2 (the sphere S^(d-1)), got {Dim}.");
        InputException.Require(Harmonics is { Length: > 0 }, $"{Field(nameof(Labels))} harmonics needs {Field(nameof(Harmonics))} DEGREE:COEFFICIENT,..., e.g. 1:1.0,2:0.5,4:0.25.");
        foreach (var term in Harmonics!)
        {
            InputException.Require(term.Degree >= 0, $"{Field(nameof(Harmonics))}: degrees must be 0 or more, got {term.Degree}.");
            InputException.Require(double.IsFinite(term.Coefficient), $"{Field(nameof(Harmonics))}: the coefficient of degree {term.Degree} must be finite, got {term.Coefficient}.");
        }
        var repeated = Harmonics.GroupBy(t => t.Degree).FirstOrDefault(g => g.Count() > 1);
        InputException.Require(repeated is null, $"{Field(nameof(Harmonics))}: degree {repeated?.Key} appears more than once; give each degree once.");
    }

    /// <summary>Training and test points are drawn from separate derived streams; one rule labels both.</summary>
    private DataSplit LoadSynthetic(long dataSeed)
    {
        int train = Train ?? DefaultSyntheticTrain, test = Test ?? 0;
        MemoryBudget.Require(8.0 * ((double)train + test) * (Dim + 1) + (Labels == "teacher" ? 8.0 * Dim * TeacherWidth : 0),
            $"{train + (long)test} synthetic examples in R^{Dim}");
        InputSample Draw(int count, string part) => Source == "sphere"
            ? SphereInputs.Sample(count, Dim, Seeds.Derive(dataSeed, part + ":inputs"))
            : GaussianInputs.Sample(count, Dim, Seeds.Derive(dataSeed, part + ":inputs"), InputStd);
        var trainInputs = Draw(train, "train");
        var testInputs = test > 0 ? Draw(test, "test") : null;
        if (Labels == "gaussian")
            return new DataSplit(GaussianLabels.Label(trainInputs, Seeds.Derive(dataSeed, "train:labels")),
                testInputs is null ? null : GaussianLabels.Label(testInputs, Seeds.Derive(dataSeed, "test:labels")));
        if (Labels == "harmonics")
        {
            using var harmonics = new HarmonicLabels(Dim, Harmonics!, Seeds.Derive(dataSeed, "harmonics:pole"));
            return new DataSplit(harmonics.Label(trainInputs), testInputs is null ? null : harmonics.Label(testInputs));
        }
        using var teacher = new TeacherLabels(Dim, TeacherWidth, Activations.Parse(TeacherActivation),
            Seeds.Derive(dataSeed, "teacher"), trainInputs.Inputs);
        return new DataSplit(teacher.Label(trainInputs), testInputs is null ? null : teacher.Label(testInputs));
    }

    /// <summary>The rows in file order or shuffled with the seed (<see cref="Order"/>): the first Train for training,
    /// the next Test for test.</summary>
    private DataSplit LoadCsv(long dataSeed)
    {
        using var all = CsvData.Load(CsvFile!, TargetColumn, Classification, OneHot);
        int test = Test ?? 0;
        InputException.Require(Train is not null || test < all.Count,
            $"{CsvFile}: has {all.Count} rows, so {Field(nameof(Test))} {test} leaves none for training; ask for a smaller {Field(nameof(Test))}.");
        long train = Train ?? all.Count - test;
        InputException.Require(train + test <= all.Count,
            $"{CsvFile}: has {all.Count} rows, fewer than {Field(nameof(Train))} {train} plus {Field(nameof(Test))} {test}; ask for fewer examples.");
        using var order = RowOrder(all.Count, dataSeed);
        using var trainRows = order.narrow(0, 0, train);
        using var testRows = order.narrow(0, train, test);
        return new DataSplit(all.Subset(trainRows), test > 0 ? all.Subset(testRows) : null);
    }

    /// <summary>The row numbers 0..rows-1 in the order the split takes them.</summary>
    private TorchSharp.torch.Tensor RowOrder(long rows, long dataSeed)
    {
        if (Order == "file") return TorchSharp.torch.arange(Held(0), Held(rows), Held(1));
        using var g = Seeds.Generator(Seeds.Derive(dataSeed, "split"));
        return TorchSharp.torch.randperm(rows, generator: g);
    }
}
