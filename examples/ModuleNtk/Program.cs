// A TorchSharp module you wrote -> its empirical NTK and the NTK's spectrum.
// Checked against a dense Jacobian built without autograd: central finite differences in every parameter.
// Run: dotnet run --project examples/ModuleNtk
using NetGeometry.Kernels;
using NetGeometry.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

manual_seed(0);
using var model = Model.FromModule(new ResidualMlp(inputs: 5, width: 8, outputs: 2));  // float64, eval mode, all parameters
var x = randn(12, 5, dtype: ScalarType.Float64);
Console.WriteLine($"{model.Dimension} parameters in layers {string.Join(", ", model.Layers.Select(l => l.Name))}; {x.shape[0]} examples");

// The empirical NTK (Jacot et al. 2018), Theta(x, x') = J(x) J(x')^T, every output pair (24 x 24, row 2 i + a is
// example i, output a). Auto finds the module's nn.Linear layers by walking its module tree and uses the structured
// identity (Novak et al. 2022); any other module gets Jacobian contraction.
Console.WriteLine($"NTK method: {EmpiricalNtk.Resolve(model, NtkMethod.Auto)}");
var full = EmpiricalNtk.Compute(model, x, options: new NtkOptions { Output = NtkOutput.Full });
var ntk = full.view(12, 2, 12, 2).select(1, 0).select(2, 0);  // output 0: Theta_ij = J_i . J_j, J_i = d f_0(x_i) / d theta
var jacobian = ModelJacobian.Rows(model, x, output: 0);     // 12 x Dimension, one backward pass per example
var spectrum = linalg.eigvalsh(ntk).flip(0);                // descending
Console.WriteLine($"NTK eigenvalues: {string.Join(", ", spectrum.data<double>().Select(e => e.ToString("G4")))}");

// The dense reference: column k of J is (f_0(theta + h e_k) - f_0(theta - h e_k)) / 2h.
var reference = FiniteDifferenceJacobian(model, x, h: 1e-6);
var referenceNtk = reference.matmul(reference.T);
Check.Close("Jacobian vs finite differences", jacobian, reference, 1e-6);
Check.Close("NTK vs finite differences", ntk, referenceNtk, 1e-6);
Check.Close("NTK spectrum vs finite differences", spectrum, linalg.eigvalsh(referenceNtk).flip(0), 1e-6);
Check.Close("top NTK eigenvalue", spectrum[0].item<double>(), linalg.eigvalsh(referenceNtk)[-1].item<double>(), 1e-6);
return Check.Done("module-ntk");

static Tensor FiniteDifferenceJacobian(Model model, Tensor x, double h)
{
    using var _ = no_grad();
    var columns = new List<Tensor>();
    // Scalars held in variables: one TorchSharp makes of a number argument can be finalized while libtorch reads it.
    using Scalar step = h.ToScalar(), twoSteps = (2 * h).ToScalar(), one = 1.ToScalar();
    foreach (var parameter in model.Parameters)
    {
        var flat = parameter.Value.detach().view(-1);   // shares the parameter's storage
        for (long k = 0; k < parameter.Length; k++)
        {
            var entry = flat.narrow(0, k, 1);
            entry.add_(step, one);
            var plus = model.Forward(x).select(1, 0);
            entry.sub_(twoSteps);
            var minus = model.Forward(x).select(1, 0);
            entry.add_(step, one);
            columns.Add(plus.sub(minus).div(twoSteps));
        }
    }
    return stack(columns, 1);
}

/// <summary>A custom module: x -> tanh(W1 x) -> h + tanh(W2 h) -> W3 h (a residual block between two linear layers).</summary>
sealed class ResidualMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear input, hidden, output;
    private static readonly Scalar One = 1.ToScalar();   // add's alpha, held (add(Tensor) makes a Scalar it does not hold)

    public ResidualMlp(int inputs, int width, int outputs) : base(nameof(ResidualMlp))
    {
        input = nn.Linear(inputs, width);
        hidden = nn.Linear(width, width);
        output = nn.Linear(width, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var h = input.call(x).tanh();
        return output.call(h.add(hidden.call(h).tanh(), One));
    }
}
