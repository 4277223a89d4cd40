using NetGeometry.Engine;
using NetGeometry.Experiments.Specs;

namespace NetGeometry.Experiments.Sweeps;

/// <summary>
/// The folder of a sweep, &lt;root&gt;/runs/&lt;name&gt;/, the same every time the sweep runs so that it resumes:
/// <list type="bullet">
/// <item>sweep.json: the experiment spec, rewritten at every start;</item>
/// <item>results.sqlite: the sweep's results store, one run per finished cell (keyed by <see cref="CellKey"/>);</item>
/// <item>cells/&lt;label&gt;-&lt;key&gt;/: each cell's ordinary run directory;</item>
/// <item>cells.csv, metrics.csv, report.html: exports written when the sweep ends;</item>
/// <item>.lock: held (an advisory file lock, released by the OS when the process dies, even by kill -9) while a
/// process runs the sweep, so that two never run it at once.</item>
/// </list>
/// </summary>
internal sealed class SweepDirectory : IDisposable
{
    public const string SpecFile = "sweep.json";
    public const string CellsFolder = "cells";
    public const string CellsCsv = "cells.csv";
    private const string LockFile = ".lock";

    private readonly FileStream lockStream;

    private SweepDirectory(string path, FileStream lockStream, ResultsStore store)
    {
        Path = path;
        this.lockStream = lockStream;
        Store = store;
    }

    /// <summary>The sweep's folder (absolute).</summary>
    public string Path { get; }

    /// <summary>The sweep's store: its finished cells.</summary>
    public ResultsStore Store { get; }

    /// <summary>The folder of a sweep named <paramref name="name"/> under <paramref name="root"/>.</summary>
    public static string PathOf(string root, string name) =>
        System.IO.Path.Combine(System.IO.Path.GetFullPath(root), RunDirectory.RunsFolder, name);

    /// <summary>Whether <paramref name="folder"/> is a sweep's folder.</summary>
    public static bool IsSweep(string folder) => File.Exists(System.IO.Path.Combine(folder, SpecFile));

    /// <summary>
    /// Opens (creating it if new) the folder of <paramref name="spec"/>'s sweep under <paramref name="root"/>, takes
    /// its lock and writes the spec. Another process running the same sweep, and a damaged store, are each an
    /// <see cref="InputException"/>.
    /// </summary>
    public static SweepDirectory Open(string root, ExperimentSpec spec)
    {
        RunDirectory.RequireValidName(spec.Name);
        var path = PathOf(root, spec.Name);
        var lockStream = Lock(path);
        ResultsStore? store = null;
        try
        {
            WriteSpec(path, spec);
            store = ResultsStore.Open(StorePath(path));
            store.RequireIntact();
            return new SweepDirectory(path, lockStream, store);
        }
        catch
        {
            store?.Dispose();
            lockStream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes the folder of <paramref name="spec"/>'s sweep under <paramref name="root"/> (and its cells folder) if need
    /// be and writes the spec, without the lock or the store: what a process running some of the cells on behalf of
    /// a job array does (<see cref="SweepRunner.RunSelected"/>), beside others doing the same. Returns the folder.
    /// </summary>
    public static string Prepare(string root, ExperimentSpec spec)
    {
        RunDirectory.RequireValidName(spec.Name);
        var path = PathOf(root, spec.Name);
        RequireWritable(path);
        WriteSpec(path, spec);
        return path;
    }

    /// <summary>Writes sweep.json (atomically: processes of one job array may write the same text at once).</summary>
    private static void WriteSpec(string path, ExperimentSpec spec) => AtomicFile.WriteAllText(System.IO.Path.Combine(path, SpecFile), spec.ToJson());

    /// <summary>The sweep's results store in the sweep folder <paramref name="path"/>.</summary>
    public static string StorePath(string path) => System.IO.Path.Combine(path, RunDirectory.StoreFile);

    /// <summary>
    /// Makes the sweep folder <paramref name="path"/> (and its cells folder) if need be and takes its lock, held until
    /// the returned stream is disposed. A lock another process holds is an <see cref="InputException"/> that says so;
    /// a folder or lock file that cannot be made is one that says that.
    /// </summary>
    public static FileStream Lock(string path)
    {
        RequireWritable(path);
        try
        {
            return new FileStream(System.IO.Path.Combine(path, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            // The folder takes new files (above), so what refuses the lock is another process holding it.
            throw new InputException($"another netgeo process is running the sweep in {path}; wait for it to end, or stop it, then run again.");
        }
    }

    /// <summary>Makes the sweep folder <paramref name="path"/> and its cells folder if need be; one that cannot be
    /// made or written is an <see cref="InputException"/> that says so.</summary>
    private static void RequireWritable(string path)
    {
        string? problem;
        try
        {
            Directory.CreateDirectory(System.IO.Path.Combine(path, CellsFolder));
            problem = OutputRoot.CannotWrite(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
        }
        InputException.Require(problem is null, $"cannot write the sweep folder {path} ({problem}); choose a writable {InputField.Of("root")}.");
    }

    /// <summary>A cell's folder relative to the sweep's, '/'-separated (what the store keeps).</summary>
    public static string RelativeCellFolder(SweepCell cell) => $"{CellsFolder}/{cell.FolderName}";

    /// <summary>A cell's folder (absolute).</summary>
    public string CellFolder(SweepCell cell) => CellFolder(Path, cell);

    /// <summary>A cell's folder (absolute) in the sweep folder <paramref name="path"/>.</summary>
    public static string CellFolder(string path, SweepCell cell) => System.IO.Path.Combine(path, CellsFolder, cell.FolderName);

    public void Dispose()
    {
        Store.Dispose();
        lockStream.Dispose();
    }
}
