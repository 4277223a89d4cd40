using System.CommandLine;
using NetGeometry.Data;

namespace NetGeometry.Cli;

/// <summary>The options that describe a dataset (train, ntk, ...), read into a <see cref="DataSpec"/>.</summary>
public sealed class DataOptions
{
    public Option<string> Source { get; } = Options.Create("--data", $"Data source: {string.Join(", ", DataSpec.Sources)}.", "sphere");
    public Option<int?> Train { get; } = Options.Create<int?>("--train", "Training examples (default: 200 synthetic, 60000 fashion-mnist).");
    public Option<int?> Test { get; } = Options.Create<int?>("--test", "Test examples, 0 for none (default: 0 synthetic, 10000 fashion-mnist).");
    public Option<int> Dim { get; } = Options.Create("--dim", "Input dimension d of synthetic data.", 10);
    public Option<string> Labels { get; } = Options.Create("--labels", "Synthetic labels: gaussian (y ~ N(0,1)), teacher (a random network) or harmonics (sphere only; see --harmonics).", "gaussian");
    public Option<string?> Harmonics { get; } = Options.Create<string?>("--harmonics", "For --labels harmonics: DEGREE:COEFFICIENT pairs, e.g. 1:1.0,2:0.5,4:0.25; y = sum c_l Y_l, Y_l a unit-norm zonal harmonic of degree l.");
    public Option<int> TeacherWidth { get; } = Options.Create("--teacher-width", "Hidden width of the teacher network.", 100);
    public Option<double> LabelNoise { get; } = Options.Create("--label-noise", "Regression: std of added noise; classification: fraction of labels randomized.", 0.0);
    public Option<string?> DataDir { get; } = Options.Create<string?>("--data-dir",
        $"Directory with the four Fashion-MNIST IDX files (default: {FashionMnist.DefaultDirectory}, else the user's cache, downloading them there).");
    public Option<string?> Csv { get; } = Options.Create<string?>("--csv", "CSV file for --data csv (header row, numeric columns).");
    public Option<string?> TargetColumn { get; } = Options.Create<string?>("--target-column", "CSV target column (default: the last).");
    public Option<bool> Classification { get; } = Options.Create<bool>("--classification", "CSV: the target column holds class indices.");
    public Option<string> Order { get; } = Options.Create("--order",
        $"CSV: the order the rows are split in: {string.Join(", ", DataSpec.Orders)} (file: the first --train rows train, the next --test test).", "shuffled");
    public Option<string?> Classes { get; } = Options.Create<string?>("--classes", "Keep only these Fashion-MNIST classes, e.g. 0,6.");
    public Option<bool> IntegerTargets { get; } = Options.Create<bool>("--integer-targets", "Class index as one target column instead of one-hot rows.");
    public Option<bool> Standardize { get; } = Options.Create<bool>("--standardize", "Standardize features with the training set's mean and std.");

    /// <summary>Adds the options; <paramref name="withSplit"/> false leaves out --train and --test (commands that
    /// choose the number of examples their own way).</summary>
    /// <summary>Every option of the dataset, in the order help lists them.</summary>
    public IEnumerable<Option> All => [Source, Train, Test, Dim, Labels, Harmonics, TeacherWidth, LabelNoise, DataDir, Csv, TargetColumn,
        Classification, Order, Classes, IntegerTargets, Standardize];

    public void AddTo(Command command, bool withSplit = true)
    {
        foreach (var option in All)
            if (withSplit || (option != Train && option != Test)) command.Options.Add(option);
    }

    public DataSpec Read(ParseResult parsed) => new()
    {
        Source = parsed.GetValue(Source)!,
        Train = parsed.GetValue(Train),
        Test = parsed.GetValue(Test),
        Dim = parsed.GetValue(Dim),
        Labels = parsed.GetValue(Labels)!,
        Harmonics = OptionParsing.HarmonicTerms("--harmonics", parsed.GetValue(Harmonics)),
        TeacherWidth = parsed.GetValue(TeacherWidth),
        LabelNoise = parsed.GetValue(LabelNoise),
        DataDir = parsed.GetValue(DataDir),
        CsvFile = parsed.GetValue(Csv),
        TargetColumn = parsed.GetValue(TargetColumn),
        Classification = parsed.GetValue(Classification),
        Order = parsed.GetValue(Order) is "shuffled" ? null : parsed.GetValue(Order),
        Classes = parsed.GetValue(Classes) is { } c ? OptionParsing.IntList("--classes", c, minimum: 0) : null,
        OneHot = !parsed.GetValue(IntegerTargets),
        Standardize = parsed.GetValue(Standardize),
    };
}
