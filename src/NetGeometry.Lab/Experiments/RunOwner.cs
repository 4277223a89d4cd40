using System.Diagnostics;

namespace NetGeometry.Experiments;

/// <summary>
/// The process that runs a run, as its store records it when the run begins: the machine's name, the process id and
/// the process's start time (which tells the process apart from a later one that got the same id). A run left
/// 'running' whose owner <see cref="HasEnded"/> was interrupted: its process was killed, or the machine stopped.
/// </summary>
public sealed record RunOwner(string Host, int Pid, DateTime ProcessStartedUtc)
{
    /// <summary>Start times read back from the system may differ by this much from the ones recorded.</summary>
    private static readonly TimeSpan StartTimeSlack = TimeSpan.FromSeconds(2);

    /// <summary>This process.</summary>
    public static RunOwner Current { get; } = Of(Process.GetCurrentProcess());

    /// <summary>
    /// Whether the process is known to be gone: it ran on this machine and no process with its id and start time runs
    /// now. A run owned by another machine cannot be checked and counts as still going.
    /// </summary>
    public bool HasEnded
    {
        get
        {
            if (Host != Current.Host) return false;
            try
            {
                using var process = Process.GetProcessById(Pid);
                return process.HasExited || (Of(process).ProcessStartedUtc - ProcessStartedUtc).Duration() > StartTimeSlack;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return true;  // no process with that id, or it exited while we looked
            }
        }
    }

    private static RunOwner Of(Process process) => new(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime());
}
