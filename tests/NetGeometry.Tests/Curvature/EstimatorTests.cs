using NetGeometry.Curvature;
using NetGeometry.Models;
using NetGeometry.Networks;
using NetGeometry.Training;
using static NetGeometry.Tests.Curvature.CurvatureProblems;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Curvature;

/// <summary>The estimators on real curvature operators and on dense matrices of known spectrum.</summary>
public class EstimatorTests
{
    [Theory]
    [InlineData(SpectrumEnd.Largest)]
    [InlineData(SpectrumEnd.Smallest)]
    public void LanczosOnTheLossHessianMatchesEigh(SpectrumEnd end)
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Relu, LossKind.Square, seed: 5);
        using var _ = net;
        using var hessian = CurvatureMatrix.LossHessian.Create(net, data, LossKind.Square);
        var exact = linalg.eigvalsh(Dense(hessian)).data<double>().ToArray();
        var expected = (end == SpectrumEnd.Largest ? exact.OrderByDescending(x => x) : exact.OrderBy(x => x)).Take(3).ToArray();
        using var pairs = Lanczos.Eigenpairs(hessian, 3, end, tolerance: 1e-9);
        Assert.True(pairs.Converged);
        for (int i = 0; i < 3; i++)
            Assert.True(Math.Abs(pairs.Values[i] - expected[i]) <= 1e-9 * Math.Abs(exact.Max(Math.Abs)),
                $"eigenvalue {i}: Lanczos {pairs.Values[i]}, eigh {expected[i]}");
    }

    [Theory]
    [InlineData(PowerIterationStop.RelativeResidual)]
    [InlineData(PowerIterationStop.RelativeChange)]
    public void PowerIterationFindsTheDominantEigenvalue(PowerIterationStop stop)
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, LossKind.Square, seed: 2);
        using var _ = net;
        using var ggn = CurvatureMatrix.GaussNewton.Create(net, data, LossKind.Square);
        var dense = Dense(ggn);
        double top = linalg.eigvalsh(dense).max().item<double>();
        using var pair = PowerIteration.Run(ggn, tolerance: 1e-8, maxProducts: 5000, seed: 1, stop: stop);
        Assert.True(pair.Converged);
        Assert.True(Math.Abs(pair.Value - top) <= 1e-7 * top, $"power iteration {pair.Value}, eigh {top}");
        double trueResidual = dense.matmul(pair.Vector).sub(pair.Vector.mul(Held(pair.Value))).norm().item<double>() / Math.Abs(pair.Value);
        Assert.Equal(trueResidual, pair.RelativeResidual, 10);
        if (stop == PowerIterationStop.RelativeResidual) Assert.True(trueResidual <= 1e-8);
    }

    [Fact]
    public void HutchinsonIntervalCoversTheTraceInMostSeededTrials()
    {
        using var scope = NewDisposeScope();
        var lambda = Enumerable.Range(0, 60).Select(i => 1.0 + Math.Sin(i) * 0.8 + (i % 7 == 0 ? 4 : 0)).ToArray();
        var op = new DenseOperator(WithSpectrum(lambda, 11));
        double trace = lambda.Sum();
        var estimates = Enumerable.Range(0, 100).Select(seed => Hutchinson.Estimate(op, 30, seed)).ToList();
        int covered = estimates.Count(e => e.Covers(trace));
        Assert.True(covered >= 90, $"the 95% interval covered the trace in {covered} of 100 trials");
        // ... and it is not so wide as to cover trivially: on average within 10% of the trace.
        Assert.True(estimates.Average(e => e.Upper - e.Lower) / 2 < 0.1 * trace);
    }

    [Fact]
    public void HutchPlusPlusIntervalCoversTheTraceAndBeatsHutchinsonOnADecayingSpectrum()
    {
        using var scope = NewDisposeScope();
        // A positive semi-definite spectrum dominated by a few large eigenvalues (like a Hessian's outliers).
        var lambda = Enumerable.Range(0, 200).Select(i => 100.0 * Math.Pow(0.7, i) + 0.01).ToArray();
        var op = new DenseOperator(WithSpectrum(lambda, 12));
        double trace = lambda.Sum();
        var plus = Enumerable.Range(0, 100).Select(seed => HutchPlusPlus.Estimate(op, 45, seed)).ToList();
        var plain = Enumerable.Range(0, 100).Select(seed => Hutchinson.Estimate(op, 45, seed)).ToList();
        int covered = plus.Count(e => e.Covers(trace));
        Assert.True(covered >= 90, $"Hutch++'s 95% interval covered the trace in {covered} of 100 trials");
        Assert.All(plus, e => Assert.Equal(45, e.Products));
        double plusError = plus.Average(e => Math.Abs(e.Value - trace)), plainError = plain.Average(e => Math.Abs(e.Value - trace));
        Assert.True(plusError < plainError / 10, $"mean absolute error: Hutch++ {plusError}, Hutchinson {plainError}");
    }

    [Fact]
    public void HutchinsonOnTheFisherEstimatesItsExactTrace()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, LossKind.Square, seed: 4);
        using var _ = net;
        using var fisher = CurvatureMatrix.EmpiricalFisher.Create(net, data, LossKind.Square);
        double trace = Dense(fisher).trace().item<double>();
        var estimate = HutchPlusPlus.Estimate(fisher, 30, seed: 3);
        // rank(F) <= n = 6 < 30/3: the sketch captures F and the estimate is exact up to rounding.
        Assert.True(Math.Abs(estimate.Value - trace) <= 1e-10 * trace, $"Hutch++ {estimate.Value}, exact {trace}");
        Assert.True(estimate.Upper - estimate.Lower <= 1e-10 * trace);
    }

    [Fact]
    public void FullLanczosQuadratureNodesAreTheEigenvalues()
    {
        using var scope = NewDisposeScope();
        var lambda = Enumerable.Range(0, 30).Select(i => i * 0.5 - 3).ToArray();
        var a = WithSpectrum(lambda, 13);
        var v = randn(30, dtype: float64);
        var rule = GaussQuadrature.Lanczos(new DenseOperator(a), v, 30);
        Assert.Equal(30, rule.Nodes.Length);
        var sorted = rule.Nodes.OrderBy(x => x).ToArray();
        for (int i = 0; i < 30; i++) Assert.Equal(lambda[i], sorted[i], 8);
        // Weights are the squared components of the unit start vector in the eigenbasis: they sum to 1 and
        // reproduce v^T A v / ||v||^2.
        Assert.Equal(1.0, rule.Weights.Sum(), 12);
        double rayleigh = v.dot(a.matmul(v)).item<double>() / v.dot(v).item<double>();
        Assert.Equal(rayleigh, rule.Nodes.Zip(rule.Weights, (t, w) => t * w).Sum(), 10);
    }

    [Fact]
    public void SpectralDensityIntegratesToOneAndPutsItsMassWhereTheEigenvaluesAre()
    {
        using var scope = NewDisposeScope();
        // Three clusters holding 50%, 30% and 20% of 300 eigenvalues.
        var lambda = Enumerable.Range(0, 150).Select(i => -1 + 0.2 * Math.Sin(i))
            .Concat(Enumerable.Range(0, 90).Select(i => 2 + 0.2 * Math.Cos(i)))
            .Concat(Enumerable.Range(0, 60).Select(i => 5 + 0.2 * Math.Sin(3 * i))).ToArray();
        var op = new DenseOperator(WithSpectrum(lambda, 14));
        var density = SpectralDensity.Estimate(op, probes: 10, steps: 40, seed: 1);
        double sigma = 0.05;
        var grid = density.Grid(4001, sigma);
        var phi = density.Evaluate(grid, sigma);
        double Mass(double from, double to) => Integrate(grid, phi, from, to);
        Assert.Equal(1.0, Mass(double.NegativeInfinity, double.PositiveInfinity), 3);
        Assert.Equal(0.5, Mass(-1.6, -0.4), 1);
        Assert.Equal(0.3, Mass(1.4, 2.6), 1);
        Assert.Equal(0.2, Mass(4.4, 5.6), 1);
        Assert.True(Mass(-0.4, 1.4) + Mass(2.6, 4.4) < 0.01, "no mass between the clusters");
        // The SLQ trace is Hutchinson's estimate with these 10 probes: within 3 standard errors, sqrt(2 sum lambda^2 / 10).
        double standardError = Math.Sqrt(2 * lambda.Sum(x => x * x) / 10);
        Assert.True(Math.Abs(density.Trace - lambda.Sum()) <= 3 * standardError, $"SLQ trace {density.Trace}, exact {lambda.Sum()}");
        Assert.Equal(400, density.Products);
        Assert.True(density.Lowest >= lambda.Min() - 1e-9 && density.Highest <= lambda.Max() + 1e-9, "Ritz values lie in the spectrum's hull");
    }

    [Fact]
    public void SpectralDensityOfALossHessianFollowsItsEigenvalues()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, LossKind.Square, seed: 6);
        using var _ = net;
        using var hessian = CurvatureMatrix.LossHessian.Create(net, data, LossKind.Square);
        var exact = linalg.eigvalsh(Dense(hessian)).data<double>().ToArray();
        var density = SpectralDensity.Estimate(hessian, probes: 12, steps: 54, seed: 2);
        double sigma = (exact.Max() - exact.Min()) / 200;
        var grid = density.Grid(8001, sigma);
        var phi = density.Evaluate(grid, sigma);
        // The smoothed CDF follows the empirical CDF of eigh's eigenvalues (Kolmogorov distance, away from jumps).
        foreach (var q in new[] { 0.1, 0.25, 0.5, 0.75, 0.9 })
        {
            double t = exact.OrderBy(x => x).ElementAt((int)(q * exact.Length));
            double between = (t + exact.Where(x => x > t).DefaultIfEmpty(t).Min()) / 2;
            double empirical = exact.Count(x => x <= between) / (double)exact.Length;
            Assert.True(Math.Abs(Integrate(grid, phi, double.NegativeInfinity, between) - empirical) < 0.1,
                $"CDF at {between}: density {Integrate(grid, phi, double.NegativeInfinity, between)}, eigh {empirical}");
        }
    }

    [Fact]
    public void SameSeedSameEstimates()
    {
        using var scope = NewDisposeScope();
        var (net, data) = Small(Activation.Tanh, LossKind.Square);
        using var _ = net;
        using var hessian = CurvatureMatrix.LossHessian.Create(net, data, LossKind.Square);
        Assert.Equal(Hutchinson.Estimate(hessian, 8, seed: 4), Hutchinson.Estimate(hessian, 8, seed: 4));
        Assert.NotEqual(Hutchinson.Estimate(hessian, 8, seed: 4).Value, Hutchinson.Estimate(hessian, 8, seed: 5).Value);
        Assert.Equal(HutchPlusPlus.Estimate(hessian, 9, seed: 4), HutchPlusPlus.Estimate(hessian, 9, seed: 4));
        var a = SpectralDensity.Estimate(hessian, 2, 10, seed: 7);
        var b = SpectralDensity.Estimate(hessian, 2, 10, seed: 7);
        Assert.Equal(a.Quadratures.SelectMany(q => q.Nodes.Concat(q.Weights)), b.Quadratures.SelectMany(q => q.Nodes.Concat(q.Weights)));
        using var p1 = PowerIteration.Run(hessian, 1e-6, 50, seed: 3);
        using var p2 = PowerIteration.Run(hessian, 1e-6, 50, seed: 3);
        Assert.Equal(p1.Value, p2.Value);
    }

    /// <summary>The trapezoid rule of phi over the grid points in [from, to].</summary>
    private static double Integrate(double[] grid, double[] phi, double from, double to)
    {
        double sum = 0;
        for (int i = 1; i < grid.Length; i++)
            if (grid[i - 1] >= from && grid[i] <= to) sum += (grid[i] - grid[i - 1]) * (phi[i] + phi[i - 1]) / 2;
        return sum;
    }
}
