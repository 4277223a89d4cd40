namespace NetGeometry.Data;

/// <summary>A directory holding a dataset's files, and which of them were just downloaded there.</summary>
internal sealed record DatasetLocation(string Directory, IReadOnlyList<string> Downloaded);
