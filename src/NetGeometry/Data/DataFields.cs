using NetGeometry.Engine;

namespace NetGeometry.Data;

/// <summary>
/// The fields of a run spec's data section (the Lab's DataSpec) that the core's loaders take as arguments, named as
/// errors name them (data.train, ...), so that a loader's error names the field that set its argument.
/// </summary>
internal static class DataFields
{
    public static InputField Train => InputField.Of("train", "data");
    public static InputField Test => InputField.Of("test", "data");
    public static InputField Classes => InputField.Of("classes", "data");
    public static InputField DataDir => InputField.Of("dataDir", "data");
    public static InputField LabelNoise => InputField.Of("labelNoise", "data");
}
