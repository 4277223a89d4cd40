namespace NetGeometry.Cli;

/// <summary>The exit statuses every netgeo command uses.</summary>
public static class ExitCodes
{
    /// <summary>The work finished and every claim it checked held.</summary>
    public const int Success = 0;
    /// <summary>A run failed (diverged, was cancelled), or a reproduction's check failed (a defect).</summary>
    public const int Failed = 1;
    /// <summary>Bad input or usage: one line on stderr says what is wrong.</summary>
    public const int BadInput = 2;
    /// <summary>netgeo reproduce ran soundly (every check passed) and a paper's claim did not hold: a finding, not a defect.</summary>
    public const int ClaimsDoNotHold = 3;
    /// <summary>netgeo collect found cells still out (not run, failed or half-written): it lists them with the array
    /// indices to run again.</summary>
    public const int Incomplete = 4;
}
