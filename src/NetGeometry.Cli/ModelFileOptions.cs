using System.CommandLine;
using NetGeometry.Engine;

namespace NetGeometry.Cli;

/// <summary>
/// The options that give a command a PyTorch model saved as TorchScript in place of a built-in network: --torchscript
/// (the file) and --input-shape (the shape of one example as the model takes it, e.g. 1,28,28 for Fashion-MNIST
/// images stored as 784 features, reshaped row-major as PyTorch's reshape does).
/// </summary>
public sealed class ModelFileOptions
{
    public Option<string?> TorchScript { get; } = Options.Create<string?>("--torchscript",
        "A PyTorch model saved as TorchScript (torch.jit.trace(model, x).save(path)), measured in place of a built-in network; " +
        "its examples are the first --examples of --data (fashion-mnist pixels are byte/255, in file order) shaped by --input-shape.");

    public Option<string?> InputShape { get; } = Options.Create<string?>("--input-shape",
        "With --torchscript: the shape of one example, e.g. 1,28,28 (C,H,W); its product must be the data's feature count.");

    public IEnumerable<Option> All => [TorchScript, InputShape];

    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    /// <summary>The file as a full path, or null.</summary>
    public string? File(ParseResult parsed) => parsed.GetValue(TorchScript) is { } path ? Path.GetFullPath(path) : null;

    /// <summary>
    /// The file (full path) and the shape of one example, or null when --torchscript is not given; each needs the other,
    /// so --torchscript without --input-shape, or --input-shape without --torchscript, is an <see cref="InputException"/>.
    /// </summary>
    public (string File, long[] Shape)? Read(ParseResult parsed)
    {
        var file = File(parsed);
        var shape = Shape(parsed);
        InputException.Require(file is null || shape is not null,
            "--torchscript needs --input-shape, the shape of one example as the model takes it, e.g. 1,28,28.");
        InputException.Require(shape is null || file is not null, "--input-shape shapes the examples of a --torchscript model; give --torchscript too, or drop it.");
        return file is null ? null : (file, shape!);
    }

    /// <summary>The shape of one example, or null.</summary>
    public long[]? Shape(ParseResult parsed) =>
        parsed.GetValue(InputShape) is { } text ? OptionParsing.IntList("--input-shape", text).Select(d => (long)d).ToArray() : null;
}
