using NetGeometry.Engine;

namespace NetGeometry.Data;

/// <summary>
/// The per-user folder where netgeo keeps what it downloads: $NETGEO_CACHE when set, else $XDG_CACHE_HOME/netgeo,
/// else ~/.cache/netgeo. Read from the environment at each call.
/// </summary>
internal static class NetgeoCache
{
    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string Variable = "NETGEO_CACHE";

    /// <summary>The cache folder (it may not exist yet).</summary>
    public static string Root
    {
        get
        {
            if (NonEmpty(Variable) is { } own) return own;
            if (NonEmpty("XDG_CACHE_HOME") is { } xdg) return Path.Combine(xdg, "netgeo");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            InputException.Require(home.Length > 0, $"netgeo's cache: no home directory and neither {Variable} nor XDG_CACHE_HOME is set; set {Variable} to a folder netgeo may write.");
            return Path.Combine(home, ".cache", "netgeo");
        }
    }

    /// <summary>The folder of one downloaded dataset, datasets/<paramref name="name"/> under <see cref="Root"/>.</summary>
    public static string DatasetDirectory(string name) => Path.Combine(Root, "datasets", name);

    private static string? NonEmpty(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}
