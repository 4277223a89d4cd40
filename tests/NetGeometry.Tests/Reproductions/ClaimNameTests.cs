using System.Text.RegularExpressions;
using NetGeometry.Experiments.Reproductions;
using NetGeometry.Experiments.Sweeps;

namespace NetGeometry.Tests.Reproductions;

/// <summary>
/// Every claim of every reproduction has a short kebab-case name, unique across reproductions once prefixed by its
/// reproduction's. Checked on the claims each reproduction draws from a sweep with no finished cell (all of its claims
/// but those made per architecture found among the cells, Opt2021's accuracy claims, named after the architecture).
/// </summary>
public sealed partial class ClaimNameTests
{
    [Fact]
    public void EveryClaimHasAKebabCaseNameUniqueAcrossReproductions()
    {
        var names = ReproductionCatalog.All.SelectMany(r => Unfinished(r).Claims.Select(c => (Reproduction: r.Name, c.Name, Full: c.FullName(r.Name)))).ToList();
        Assert.Equal(ReproductionCatalog.All.Select(r => r.Name).Order(), names.Select(n => n.Reproduction).Distinct().Order());
        Assert.All(names, n => Assert.Matches(KebabCase(), n.Name));
        Assert.All(names, n => Assert.True(n.Name.Length <= 35, $"{n.Full} is longer than 35 characters, too long for an 80-column console"));
        var repeated = names.GroupBy(n => n.Full).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, $"names given to more than one claim: {string.Join(", ", repeated)}");
    }

    [Fact]
    public void GeometrizationNamesEachOfItsThirtyClaimLinesFromItsLoops()
    {
        var claims = Unfinished(new Geometrization()).Claims.Where(c => c.IsClaim).ToList();
        Assert.Equal(30, claims.Count);
        Assert.Contains(claims, c => c.Name == "fmnist-mlp-gap-path-complexity");
        Assert.Contains(claims, c => c.Name == "sphere-resmlp-straightness-width");
        Assert.Contains(claims, c => c.Name == "optmlp-geodesic-approach");
        Assert.Equal(claims.Count, claims.Select(c => c.Name).Distinct().Count());
    }

    private static ReproductionAnalysis Unfinished(IReproduction reproduction)
    {
        var spec = reproduction.Plan(Profile.Quick).Sweep;
        return reproduction.Analyze(new SweepResults(Path.GetTempPath(), spec, [], spec.Cells().Count));
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
