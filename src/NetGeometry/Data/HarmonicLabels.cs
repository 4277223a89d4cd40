using NetGeometry.Spectral;
using static TorchSharp.torch;

namespace NetGeometry.Data;

/// <summary>One part of a harmonic target: the degree-l zonal harmonic with coefficient c.</summary>
/// <param name="Degree">The degree l (0 or more).</param>
/// <param name="Coefficient">The coefficient c_l of the unit-norm harmonic.</param>
public sealed record HarmonicTerm(int Degree, double Coefficient);

/// <summary>
/// Targets made of spherical harmonics, the worked case of Su &amp; Yang (2019, Sec. 4): for inputs on S^(d-1),
/// y(x) = sum_l c_l sqrt(N(d, l)) P_{l,d}(x . p), one zonal harmonic of each chosen degree about a pole p drawn uniformly
/// from the sphere with the seed. Each part has unit norm in L2 of the uniform measure and the parts are orthogonal, so
/// E[y^2] = sum_l c_l^2 and the degree-l part of the target is exactly c_l times a unit degree-l harmonic. The same
/// pole labels the training and the test inputs.
/// </summary>
public sealed class HarmonicLabels : IDisposable
{
    private readonly IReadOnlyList<HarmonicTerm> _terms;
    private readonly string _description;

    /// <summary>The target of the given terms about a pole drawn uniformly on S^(dim-1) from <paramref name="seed"/>.</summary>
    /// <param name="dim">The input dimension d.</param>
    /// <param name="terms">The degrees and coefficients; at least one.</param>
    /// <param name="seed">The seed of the pole.</param>
    /// <exception cref="ArgumentException">There are no terms.</exception>
    public HarmonicLabels(int dim, IReadOnlyList<HarmonicTerm> terms, long seed)
    {
        if (terms.Count == 0) throw new ArgumentException("a harmonic target needs at least one term.");
        _terms = terms;
        using var pole = SphereInputs.Sample(1, dim, seed).Inputs;
        using var flat = pole.reshape(-1);
        Pole = flat.clone();
        var parts = string.Join(" + ", terms.Select(t => $"{t.Coefficient:G6} Y_{t.Degree}"));
        _description = $"y = {parts}, Y_l(x) = sqrt(N({dim}, l)) P_l,{dim}(x . p), unit zonal harmonics about a pole p uniform on the sphere (seed={seed})";
    }

    /// <summary>p, the unit vector the zonal harmonics are symmetric about.</summary>
    public Tensor Pole { get; }

    /// <summary>Labels the sample; the dataset takes over the sample's inputs.</summary>
    public Dataset Label(InputSample sample)
    {
        using var scope = NewDisposeScope();
        var y = zeros(sample.Count, dtype: ScalarType.Float64);
        foreach (var term in _terms) y.add_(SphericalHarmonics.UnitZonal(sample.Inputs, Pole, term.Degree), alpha: Held(term.Coefficient));
        return new Dataset(sample.Name, sample.Inputs, y.reshape(-1, 1).MoveToOuterDisposeScope(), $"{sample.Provenance}; {_description}");
    }

    /// <summary>Frees the pole.</summary>
    public void Dispose() => Pole.Dispose();
}
