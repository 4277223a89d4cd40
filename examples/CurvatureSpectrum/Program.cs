// A small model's Gauss-Newton matrix by matrix-free estimators: top-5 eigenvalues (Lanczos), the trace (Hutch++) and
// the spectral density (stochastic Lanczos quadrature), over batches of the data.
// The matrix is the generalized Gauss-Newton matrix G = J^T H_L J of the square loss (GaussNewton on the model, the loss
// and the batches; LossHessian and EmpiricalFisher take the same three). For L = (1/2n) sum_i ||f(x_i) - y_i||^2,
// H_L = I / n, so G = (1/n) sum_k J_k^T J_k with J_k the n x D Jacobian of output k: the dense reference is built
// from those Jacobians, one backward pass per example and output (ModelJacobian.Rows), without the operator.
// Run: dotnet run --project examples/CurvatureSpectrum
using NetGeometry.Curvature;
using NetGeometry.Models;
using TorchSharp;
using static TorchSharp.torch;

manual_seed(1);
var net = nn.Sequential(("0", nn.Linear(4, 6)), ("1", nn.Tanh()), ("2", nn.Linear(6, 2)));
using var model = Model.FromModule(net);
var x = randn(32, 4, dtype: ScalarType.Float64);
var y = randn(32, 2, dtype: ScalarType.Float64);
using var ggn = new GaussNewton(model, ModelLoss.Square, Batch.Split(x, y, size: 8));   // 4 batches of 8
Console.WriteLine($"{model.Dimension} parameters, {x.shape[0]} examples in batches of 8");

using var top = Lanczos.Eigenpairs(ggn, k: 5, SpectrumEnd.Largest);
// Hutch++'s 95% interval is a t interval from 15 deflated probes: over seeds 0..199 it covered this G's trace 188 times.
var trace = HutchPlusPlus.Estimate(ggn, products: 45);
var density = SpectralDensity.Estimate(ggn, probes: 4, steps: 30);
Console.WriteLine($"top 5: {string.Join(", ", top.Values.Select(e => e.ToString("G6")))} ({top.Products} products)");
Console.WriteLine($"trace: {trace.Value:G6} in [{trace.Lower:G6}, {trace.Upper:G6}] ({trace.Products} products)");

// The dense reference: G = (1/n) sum_k J_k^T J_k, and its eigenvalues.
var dense = zeros(model.Dimension, model.Dimension, dtype: ScalarType.Float64);
// Scalars held in variables: one TorchSharp makes of a number argument can be finalized while libtorch reads it.
using Scalar one = 1.ToScalar(), count = x.shape[0].ToScalar();
for (long k = 0; k < 2; k++)
{
    var jacobian = ModelJacobian.Rows(model, x, output: k);   // n x D
    dense.add_(jacobian.T.matmul(jacobian).div(count), one);
}
var eigenvalues = linalg.eigvalsh(dense).flip(0).data<double>().ToArray();   // descending
double exactTrace = dense.trace().item<double>();
for (int i = 0; i < 5; i++) Check.Close($"eigenvalue {i + 1}", top.Values[i], eigenvalues[i], 1e-6);
Check.That($"the exact trace {exactTrace:G6} lies in Hutch++'s 95% interval [{trace.Lower:G6}, {trace.Upper:G6}]", trace.Covers(exactTrace));
Check.That($"G is positive semi-definite: smallest eigenvalue {eigenvalues[^1]:G3}", eigenvalues[^1] >= -1e-12 * eigenvalues[0]);

// The density's nodes are Ritz values, inside [lambda_min, lambda_max], and its smoothed form integrates to 1.
double sigma = density.DefaultSigma;
var grid = density.Grid(400, sigma);
double mass = density.Evaluate(grid, sigma).Sum() * (grid[1] - grid[0]);
Check.That($"SLQ nodes [{density.Lowest:G6}, {density.Highest:G6}] lie in the spectrum's range [{eigenvalues[^1]:G6}, {eigenvalues[0]:G6}]",
    density.Lowest >= eigenvalues[^1] - 1e-9 && density.Highest <= eigenvalues[0] + 1e-9);
Check.Close("SLQ's largest node vs lambda_max", density.Highest, eigenvalues[0], 1e-6);
Check.Close("SLQ density's integral", mass, 1.0, 1e-3);
return Check.Done("curvature-spectrum");
