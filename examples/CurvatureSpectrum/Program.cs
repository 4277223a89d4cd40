// A small model's curvature by matrix-free estimators: top-5 eigenvalues (Lanczos), the trace (Hutch++) and the
// spectral density (stochastic Lanczos quadrature), over batches of the data.
// The matrix is the Hessian of the loss (ModelLossHessian). Issue 15 asks for the Gauss-Newton matrix here, but the
// library's GaussNewton operator takes its own INetwork and Dataset and cannot take a Models model yet; every
// estimator below takes any ILinearOperator, so a Gauss-Newton operator over a Model will drop in unchanged.
// Checked against the dense matrix, built by applying the operator to the columns of the identity.
// Run: dotnet run --project examples/CurvatureSpectrum
using NetGeometry.Curvature;
using NetGeometry.Models;
using static TorchSharp.torch;

manual_seed(1);
var net = nn.Sequential(("0", nn.Linear(4, 6)), ("1", nn.Tanh()), ("2", nn.Linear(6, 2)));
using var model = Model.FromModule(net);
var x = randn(32, 4, dtype: ScalarType.Float64);
var y = randn(32, 2, dtype: ScalarType.Float64);
ILinearOperator hessian = new ModelLossHessian(model, ModelLoss.Square, Batch.Split(x, y, size: 8));   // 4 batches of 8
Console.WriteLine($"{model.Dimension} parameters, {x.shape[0]} examples in batches of 8");

using var top = Lanczos.Eigenpairs(hessian, k: 5, SpectrumEnd.Largest);
var trace = HutchPlusPlus.Estimate(hessian, products: 30);
var density = SpectralDensity.Estimate(hessian, probes: 4, steps: 30);
Console.WriteLine($"top 5: {string.Join(", ", top.Values.Select(e => e.ToString("G6")))} ({top.Products} products)");
Console.WriteLine($"trace: {trace.Value:G6} in [{trace.Lower:G6}, {trace.Upper:G6}] ({trace.Products} products)");

// The dense reference: H = H I, column by column, and its eigenvalues.
var dense = hessian.ApplyBlock(eye(model.Dimension, dtype: ScalarType.Float64));
var eigenvalues = linalg.eigvalsh(dense.add(dense.T).div(2)).flip(0).data<double>().ToArray();   // descending
double exactTrace = dense.trace().item<double>();
for (int i = 0; i < 5; i++) Check.Close($"eigenvalue {i + 1}", top.Values[i], eigenvalues[i], 1e-6);
Check.That($"the exact trace {exactTrace:G6} lies in Hutch++'s 95% interval [{trace.Lower:G6}, {trace.Upper:G6}]", trace.Covers(exactTrace));

// The density's nodes are Ritz values, inside [lambda_min, lambda_max], and its smoothed form integrates to 1.
double sigma = density.DefaultSigma;
var grid = density.Grid(400, sigma);
double mass = density.Evaluate(grid, sigma).Sum() * (grid[1] - grid[0]);
Check.That($"SLQ nodes [{density.Lowest:G6}, {density.Highest:G6}] lie in the spectrum's range [{eigenvalues[^1]:G6}, {eigenvalues[0]:G6}]",
    density.Lowest >= eigenvalues[^1] - 1e-9 && density.Highest <= eigenvalues[0] + 1e-9);
Check.Close("SLQ's largest node vs lambda_max", density.Highest, eigenvalues[0], 1e-6);
Check.Close("SLQ density's integral", mass, 1.0, 1e-3);
return Check.Done("curvature-spectrum");
