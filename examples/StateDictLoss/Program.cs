// PyTorch's weights (torch.save(model.state_dict(), path)) loaded into a TorchSharp module you wrote -> the same
// outputs and losses as PyTorch computed (tests/fixtures/pytorch/mlp.state.pt and mlp.json, written by export.py).
// Run: dotnet run --project examples/StateDictLoss
using System.Text.Json;
using NetGeometry.Models;
using static TorchSharp.torch;

// The same architecture as PyTorch's nn.Sequential, with its names: "0", "2", "4" are the linear layers' indices.
var net = nn.Sequential(
    ("0", nn.Linear(10, 16)), ("1", nn.Tanh()),
    ("2", nn.Linear(16, 16)), ("3", nn.Tanh()),
    ("4", nn.Linear(16, 3)));
using var model = Model.FromModule(net);                      // first: the module becomes float64 ...
StateDictFile.LoadInto(net, Check.Fixture("mlp.state.pt"));    // ... so the weights load at full precision

var x = Check.Npy("mlp.inputs.npy");
var pytorch = JsonDocument.Parse(File.ReadAllText(Check.Fixture("mlp.json"))).RootElement;
var outputs = tensor(pytorch.GetProperty("outputs").EnumerateArray().Select(e => e.GetDouble()).ToArray(), ScalarType.Float64);
using (no_grad()) Check.Close("outputs vs PyTorch", model.Forward(x).reshape(-1), outputs, 1e-10);

var losses = new[]
{
    (ModelLoss.CrossEntropy, Check.Npy("mlp.labels.npy").to(ScalarType.Int64)),
    (ModelLoss.Square, Check.Npy("mlp.targets.npy")),
};
foreach (var (loss, targets) in losses)
{
    double value = ModelObjective.Loss(model, loss, Batch.Split(x, targets, size: 3));
    Check.Close($"{loss.Name} loss vs PyTorch", value, pytorch.GetProperty("losses").GetProperty(loss.Name).GetProperty("loss").GetDouble(), 1e-10);
}
return Check.Done("state-dict-loss");
