using System.Globalization;

namespace NetGeometry.Cli;

/// <summary>
/// The values a numeric option accepts: from <see cref="Min"/> to <see cref="Max"/>, each end included unless marked
/// open; infinities and NaN are never in a range. <see cref="Note"/> says where a bound comes from ("4 per core").
/// </summary>
public sealed record ValueRange(double Min, double Max, bool OpenMin = false, bool OpenMax = false, string? Note = null)
{
    /// <summary>Whole numbers or reals from <paramref name="min"/> up, with no bound but the type's (and, for sizes,
    /// the memory budget).</summary>
    public static ValueRange AtLeast(double min) => new(min, double.PositiveInfinity);

    /// <summary>Reals strictly above <paramref name="min"/> (0: positive), finite.</summary>
    public static ValueRange Above(double min) => new(min, double.PositiveInfinity, OpenMin: true);

    public static ValueRange Between(double min, double max, string? note = null) => new(min, max, Note: note);

    /// <summary>Any finite value (a seed).</summary>
    public static readonly ValueRange Any = new(double.NegativeInfinity, double.PositiveInfinity);

    public bool Contains(double value) =>
        double.IsFinite(value)
        && (OpenMin ? value > Min : value >= Min)
        && (OpenMax ? value < Max : value <= Max);

    /// <summary>"1 to 8 (4 per core)", "1 or more", "more than 0", "0 or more and less than 1", "any".</summary>
    public override string ToString()
    {
        string low = double.IsInfinity(Min) ? "" : OpenMin ? $"more than {Number(Min)}" : $"{Number(Min)}";
        string text = (double.IsInfinity(Min), double.IsInfinity(Max)) switch
        {
            (true, true) => "any",
            (false, true) => OpenMin ? low : $"{low} or more",
            (true, false) => OpenMax ? $"less than {Number(Max)}" : $"at most {Number(Max)}",
            _ when OpenMin || OpenMax => $"{(OpenMin ? low : low + " or more")} and {(OpenMax ? "less than" : "at most")} {Number(Max)}",
            _ => $"{low} to {Number(Max)}",
        };
        return Note is null ? text : $"{text} ({Note})";
    }

    public static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
