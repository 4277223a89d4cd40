namespace NetGeometry.Tests.Cluster;

/// <summary>
/// A test that needs a real Slurm (started by build/slurm-local.sh): skipped, saying why, only where Slurm is not
/// installed and there is no apt-get to install it, or no root (nor sudo) to start its daemons.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!OnPath("sbatch") && !OnPath("apt-get"))
            Skip = "no Slurm here (sbatch) and no apt-get to install it: build/slurm-local.sh cannot start one.";
        else if (Environment.UserName != "root" && !OnPath("sudo"))
            Skip = "not root and no sudo: build/slurm-local.sh cannot start Slurm's daemons.";
    }

    internal static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, program)));
}
