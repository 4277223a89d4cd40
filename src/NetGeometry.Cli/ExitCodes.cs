namespace NetGeometry.Cli;

/// <summary>The exit statuses every netgeo command uses.</summary>
public static class ExitCodes
{
    /// <summary>The work finished and every claim it checked held.</summary>
    public const int Success = 0;
    /// <summary>A run failed (diverged, was cancelled) or a claim did not hold.</summary>
    public const int Failed = 1;
    /// <summary>Bad input or usage: one line on stderr says what is wrong.</summary>
    public const int BadInput = 2;
}
