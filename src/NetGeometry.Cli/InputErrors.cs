using System.CommandLine;
using NetGeometry.Engine;
using NetGeometry.Experiments.Specs;

namespace NetGeometry.Cli;

/// <summary>
/// Bad input as the command line says it: the library names the spec fields and arguments a message is about
/// (network.widths, examples); here each becomes the option that sets it. A spec field's option is the netgeo train
/// option <see cref="SpecSchema"/> knows for it; a field named as a spec field takes that one's (a benchmark's
/// learningRate is --lr). The invoked command's own option wins: that option, or the one a library argument has under
/// another name (root is --out), or the option named as the field (examples is --examples, maxProducts
/// --max-products, torchScript --torchscript). Failing those, the netgeo train option (a run's spec is netgeo train's
/// options), else the field's path.
/// </summary>
public static class InputErrors
{
    /// <summary>The library's arguments that a command's option sets under another name (the rest are named as their
    /// option: examples is --examples).</summary>
    private static readonly Dictionary<string, string> ArgumentOptions = new()
    {
        ["maxColumns"] = "--columns",
        ["bandHalfWidth"] = "--band",
        ["root"] = "--out",
    };

    /// <summary>A library message (an <see cref="InputException"/>'s <see cref="InputException.Text"/>, a reproduction's
    /// error) with its fields said as <paramref name="command"/>'s options.</summary>
    public static string Render(InputMessage message, Command command) => message.Render(field => Option(field, command));

    /// <summary>The option that sets <paramref name="field"/> as <paramref name="command"/> is invoked.</summary>
    public static string Option(InputField field, Command command)
    {
        var name = Name(field.Path);
        var trainOption = (SpecSchema.Find(field.Path) ?? SpecSchema.Fields.FirstOrDefault(f => !f.IsSection && Name(f.Path) == name))?.Option;
        var own = command.Options.FirstOrDefault(o => o.Name == trainOption || o.Name == ArgumentOptions.GetValueOrDefault(field.Path))
                  ?? command.Options.FirstOrDefault(o => Plain(o.Name) == Plain(name));
        return own?.Name ?? trainOption ?? field.Path;
    }

    /// <summary>The last part of a dotted path: learningRate of training.learningRate.</summary>
    private static string Name(string path) => path[(path.LastIndexOf('.') + 1)..];

    /// <summary>A name without dashes, in lower case: --max-products and maxProducts are both maxproducts.</summary>
    private static string Plain(string name) => name.Replace("-", "").ToLowerInvariant();
}
