using System.CommandLine;
using NetGeometry.Data;
using NetGeometry.Engine;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo data fetch fashion-mnist: makes sure the four Fashion-MNIST files are on this machine (Debian's package,
/// else the user's cache, downloading what is missing or damaged from the mirrors) and prints their directory.
/// </summary>
public static class DataFetchCommand
{
    public static Command Create()
    {
        var command = new Command("fetch",
            $"Make sure a dataset's files are here and print their directory. Fashion-MNIST is read from {FashionMnist.DefaultDirectory} " +
            $"(Debian's package dataset-fashion-mnist) when it is there, else from the cache (${NetgeoCache.Variable}, else " +
            "$XDG_CACHE_HOME/netgeo, else ~/.cache/netgeo), where missing or damaged files are downloaded from the dataset's mirrors " +
            "and checked against their published MD5 digests.\n\nExamples:\n" +
            "  netgeo data fetch fashion-mnist\n" +
            "  netgeo data fetch fashion-mnist --data-dir data/fashion-mnist --json");
        var dataset = new Argument<string>("dataset") { Description = "The dataset: fashion-mnist." };
        var dataDir = Options.Create<string?>("--data-dir", "Fetch into this directory instead (files already there are checked and kept when good).");
        var mirrors = Options.Create<string[]>("--mirror",
            $"A URL of a folder holding the four .gz files; repeat to try several in order (default: ${FashionMnistFiles.MirrorsVariable}, " +
            "else Zalando's site and its GitHub repository).");
        var json = Options.Create<bool>("--json", "Print the directory and the files downloaded as one JSON object on stdout.");
        command.Arguments.Add(dataset);
        foreach (var o in new Option[] { dataDir, mirrors, json }) command.Options.Add(o);

        command.SetAction(parsed =>
        {
            string name = parsed.GetValue(dataset)!;
            InputException.Require(name == "fashion-mnist", $"unknown dataset '{name}': netgeo fetches fashion-mnist.");
            var files = new FashionMnistFiles();
            if (parsed.GetValue(mirrors) is { Length: > 0 } urls) files = files with { Mirrors = FashionMnistFiles.ParseMirrors("--mirror", urls) };
            var location = parsed.GetValue(dataDir) is { } directory ? files.Fetch(directory) : files.Locate();
            if (parsed.GetValue(json))
                JsonLines.Write(new Dictionary<string, object?>
                {
                    ["dataset"] = name, ["directory"] = Path.GetFullPath(location.Directory), ["downloaded"] = location.Downloaded,
                });
            else Console.WriteLine(Path.GetFullPath(location.Directory));
            return ExitCodes.Success;
        });
        return command;
    }
}
