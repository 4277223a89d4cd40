// An application on the NetGeometry package: the empirical NTK of a one-hidden-layer tanh network, from the library,
// against its closed form computed here from the weights.
// For f(x) = sum_j a_j tanh(z_j) + c, z_j = w_j . x + b_j, the gradient is df/dc = 1, df/da_j = tanh z_j,
// df/db_j = a_j s_j, df/dw_j = a_j s_j x with s_j = 1 - tanh^2 z_j, so
//   Theta(x, x') = 1 + sum_j [ tanh z_j tanh z'_j + a_j^2 s_j s'_j (1 + x . x') ].
// Prints each compared entry and "ok consumer" with exit status 0, or "FAILED consumer" and exit status 1.
using NetGeometry.Kernels;
using NetGeometry.Models;
using static TorchSharp.torch;

const int n = 6, inputs = 3, width = 5;
const double tolerance = 1e-10;   // relative to the largest entry

manual_seed(7);
var hidden = nn.Linear(inputs, width, dtype: ScalarType.Float64);
var output = nn.Linear(width, 1, dtype: ScalarType.Float64);
var net = nn.Sequential(("0", hidden), ("1", nn.Tanh()), ("2", output));
using var model = Model.FromModule(net);
var x = randn(n, inputs, dtype: ScalarType.Float64);

var empirical = EmpiricalNtk.Compute(model, x).contiguous().data<double>().ToArray();   // n x n, row-major
var closedForm = ClosedForm(
    x.data<double>().ToArray(), hidden.weight!.data<double>().ToArray(), hidden.bias!.data<double>().ToArray(),
    output.weight!.data<double>().ToArray());

Console.WriteLine($"NetGeometry {typeof(EmpiricalNtk).Assembly.GetName().Version}: {model.Dimension} parameters, {n} examples, " +
                  $"method {EmpiricalNtk.Resolve(model, NtkMethod.Auto)}");
double scale = closedForm.Max(v => Math.Abs(v)), worst = 0;
for (int i = 0; i < n; i++)
for (int j = 0; j < n; j++)
{
    double e = empirical[i * n + j], c = closedForm[i * n + j];
    worst = Math.Max(worst, Math.Abs(e - c) / scale);
    if (j >= i) Console.WriteLine($"theta[{i},{j}] empirical {e:R} closed form {c:R}");
}
Console.WriteLine($"max relative difference {worst:E3} (tolerance {tolerance:E0})");
bool ok = worst <= tolerance && empirical.Length == n * n;
Console.WriteLine(ok ? "ok consumer" : "FAILED consumer");
return ok ? 0 : 1;

static double[] ClosedForm(double[] x, double[] w, double[] b, double[] a)
{
    var t = new double[n, width];
    var s = new double[n, width];
    for (int i = 0; i < n; i++)
    for (int j = 0; j < width; j++)
    {
        double z = b[j];
        for (int k = 0; k < inputs; k++) z += w[j * inputs + k] * x[i * inputs + k];
        t[i, j] = Math.Tanh(z);
        s[i, j] = 1 - t[i, j] * t[i, j];
    }
    var theta = new double[n * n];
    for (int i = 0; i < n; i++)
    for (int l = 0; l < n; l++)
    {
        double dot = 0;
        for (int k = 0; k < inputs; k++) dot += x[i * inputs + k] * x[l * inputs + k];
        double sum = 1;
        for (int j = 0; j < width; j++) sum += t[i, j] * t[l, j] + a[j] * a[j] * s[i, j] * s[l, j] * (1 + dot);
        theta[i * n + l] = sum;
    }
    return theta;
}
