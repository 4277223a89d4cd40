using System.Globalization;
using NetGeometry.Data;

namespace NetGeometry.Experiments;

/// <summary>
/// Which examples a per-example output holds (examples.csv beside kernel.npy): header "example,split,index", one line
/// per example in the output's order; example is the position (0..n-1), split the set it was taken from ("train" or
/// "test") and index its <see cref="Dataset.Indices"/> entry, the example's place in the user's data (for CSV, the
/// 0-based data row; for Fashion-MNIST, the image in the split's IDX file). Lines end with "\n".
/// </summary>
internal static class ExamplesCsv
{
    public const string Header = "example,split,index";

    /// <param name="split">"train" or "test": the set <paramref name="examples"/> was taken from.</param>
    public static void Write(TextWriter writer, Dataset examples, string split)
    {
        writer.Write(Header + "\n");
        var indices = examples.Indices.data<long>().ToArray();
        for (int i = 0; i < indices.Length; i++)
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{i},{split},{indices[i]}\n"));
    }
}
