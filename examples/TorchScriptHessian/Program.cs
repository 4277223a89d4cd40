// A PyTorch model saved as TorchScript -> the spectrum of its loss Hessian, without Python.
// The file is tests/fixtures/pytorch/mlp.pt (Linear-Tanh-Linear-Tanh-Linear, 10 -> 16 -> 16 -> 3, written by export.py
// with torch.jit.trace(model, x).save(path)); PyTorch's own extreme eigenvalues of the dense Hessian
// (torch.linalg.eigvalsh of torch.autograd.functional.hessian) are in mlp.json. cnn.pt (Conv2d-ReLU-MaxPool2d-...,
// inputs 6 x 1 x 8 x 8) loads and measures the same way, only more slowly.
// Run: dotnet run --project examples/TorchScriptHessian
using System.Text.Json;
using NetGeometry.Curvature;
using NetGeometry.Models;
using static TorchSharp.torch;

using var model = TorchScriptFile.Load(Check.Fixture("mlp.pt"));
var inputs = Check.Npy("mlp.inputs.npy");                        // 8 x 10
var labels = Check.Npy("mlp.labels.npy").to(ScalarType.Int64);   // class indices
using var hessian = new LossHessian(model, ModelLoss.CrossEntropy, Batch.Split(inputs, labels, size: 4));
Console.WriteLine($"{model.Dimension} parameters in layers {string.Join(", ", model.Layers.Select(l => l.Name))}; inputs [{string.Join(", ", inputs.shape)}]");

using var top = Lanczos.Eigenpairs(hessian, k: 5, SpectrumEnd.Largest, tolerance: 1e-9);
using var bottom = Lanczos.Eigenpairs(hessian, k: 1, SpectrumEnd.Smallest, tolerance: 1e-9);
Console.WriteLine($"top 5: {string.Join(", ", top.Values.Select(e => e.ToString("G6")))}; bottom: {bottom.Values[0]:G6} ({top.Products + bottom.Products} products)");

var pytorch = JsonDocument.Parse(File.ReadAllText(Check.Fixture("mlp.json"))).RootElement
    .GetProperty("losses").GetProperty("cross-entropy");
Check.Close("top eigenvalue vs PyTorch", top.Values[0], pytorch.GetProperty("top_eigenvalue").GetDouble(), 1e-8);
Check.Close("bottom eigenvalue vs PyTorch", bottom.Values[0], pytorch.GetProperty("bottom_eigenvalue").GetDouble(), 1e-8);
return Check.Done("torchscript-hessian");
