using NetGeometry.Tests.Experiments;

namespace NetGeometry.Tests;

/// <summary>
/// The test assembly's entry point (GenerateProgramFile is off). Test runners never call it; a test that needs a
/// process of its own, to kill it, starts this assembly with a verb (see <see cref="CrashWriter"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args) => args switch
    {
        [CrashWriter.Verb, var storePath] => CrashWriter.Run(storePath),
        _ => 2,
    };
}
