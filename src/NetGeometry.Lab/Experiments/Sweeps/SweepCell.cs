using System.Text.RegularExpressions;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>Where a cell sits in its sweep: one axis field and the value it takes there, as text.</summary>
public sealed record CellCoordinate(string Field, string Name, string Value);

/// <summary>
/// One cell of a sweep: an ordinary run spec, its <see cref="CellKey"/>, and its coordinates on the sweep's axes.
/// </summary>
public sealed partial record SweepCell(RunSpec Spec, string Key, IReadOnlyList<CellCoordinate> Coordinates)
{
    /// <summary>"widths=64 seed=1" (or "run" for the single cell of a spec without a sweep).</summary>
    public string Label => Coordinates.Count == 0 ? "run" : string.Join(" ", Coordinates.Select(c => $"{c.Name}={c.Value}"));

    /// <summary>The cell's folder name: its label made safe for a file name, then the key's first characters.</summary>
    public string FolderName
    {
        get
        {
            var stem = UnsafeCharacters().Replace(Label.Replace('=', '-').Replace(' ', '_'), "_");
            if (stem.Length > 60) stem = stem[..60];
            return $"{stem}-{Key[..CellKey.ShortLength]}";
        }
    }

    /// <summary>The value of one axis at this cell, as text (null when the sweep has no such axis).</summary>
    public string? ValueOf(string field) => Coordinates.FirstOrDefault(c => c.Field == field)?.Value;

    [GeneratedRegex("[^A-Za-z0-9._,-]")]
    private static partial Regex UnsafeCharacters();
}
