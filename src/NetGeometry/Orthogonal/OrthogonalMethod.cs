using NetGeometry.Engine;

namespace NetGeometry.Orthogonal;

/// <summary>
/// How an OPT layer keeps its matrix R orthogonal (Liu et al., CVPR 2021; the abbreviations are the paper's). The
/// first six are <see cref="IOrthogonalizer"/>s (Q is a function of a free R); the last two use Q = R and enforce
/// orthogonality during training instead.
/// </summary>
public enum OrthogonalMethod
{
    /// <summary>GS: unrolled Gram-Schmidt over the rows of R.</summary>
    GramSchmidt,
    /// <summary>HR: a product of D Householder reflections whose vectors are R's columns below the diagonal.</summary>
    Householder,
    /// <summary>LS: Loewdin's symmetric orthogonalization, the polar factor Q = R (R^T R)^(-1/2) = U V^T.</summary>
    Loewdin,
    /// <summary>CP: the Cayley transform of a skew-symmetric matrix.</summary>
    Cayley,
    /// <summary>EXP: the matrix exponential of a skew-symmetric matrix.</summary>
    MatrixExponential,
    /// <summary>NS: Newton-Schulz (Bjorck) iterations to the polar factor.</summary>
    NewtonSchulz,
    /// <summary>OGD: Q = R, moved along the orthogonal group by a Cayley retraction (an optimizer, not a map).</summary>
    OrthogonalGradientDescent,
    /// <summary>OR: Q = R unconstrained, with a soft penalty on ||R R^T - I||_F (the paper's baseline).</summary>
    OrthogonalRegularization,
}

/// <summary>The paper's names of the OPT methods, and the map R -> Q each one uses.</summary>
public static class OrthogonalMethods
{
    private static readonly (OrthogonalMethod Method, string Name)[] Table =
    [
        (OrthogonalMethod.GramSchmidt, "gs"), (OrthogonalMethod.Householder, "hr"), (OrthogonalMethod.Loewdin, "ls"),
        (OrthogonalMethod.Cayley, "cp"), (OrthogonalMethod.MatrixExponential, "exp"), (OrthogonalMethod.NewtonSchulz, "ns"),
        (OrthogonalMethod.OrthogonalGradientDescent, "ogd"), (OrthogonalMethod.OrthogonalRegularization, "or"),
    ];

    /// <summary>The paper's abbreviations, lower case: gs, hr, ls, cp, exp, ns, ogd, or.</summary>
    public static IReadOnlyList<string> Names { get; } = Table.Select(t => t.Name).ToArray();

    /// <summary>The exact methods, the six maps R -> Q: gs, hr, ls, cp, exp, ns (OGD and OR are not maps).</summary>
    public static IReadOnlyList<string> Maps { get; } = Names.Take(6).ToArray();

    /// <summary>The paper's abbreviation, lower case: gs, hr, ls, cp, exp, ns, ogd or or.</summary>
    public static string Name(this OrthogonalMethod method) => Table.First(t => t.Method == method).Name;

    /// <summary>The method with this abbreviation (any case, surrounding spaces ignored).</summary>
    /// <exception cref="InputException">Any other text.</exception>
    public static OrthogonalMethod Parse(string text) =>
        Table.FirstOrDefault(t => t.Name == text.Trim().ToLowerInvariant()) is { Name: not null } hit
            ? hit.Method
            : throw new InputException($"unknown OPT method '{text}': use {string.Join(", ", Names)}.");

    /// <summary>The map R -> Q an OPT layer with this method uses.</summary>
    public static IOrthogonalizer CreateOrthogonalizer(this OrthogonalMethod method) => method switch
    {
        OrthogonalMethod.GramSchmidt => new GramSchmidt(),
        OrthogonalMethod.Householder => new Householder(),
        OrthogonalMethod.Loewdin => new Loewdin(),
        OrthogonalMethod.Cayley => new Cayley(),
        OrthogonalMethod.MatrixExponential => new MatrixExponential(),
        OrthogonalMethod.NewtonSchulz => new NewtonSchulz(),
        _ => new Unconstrained(method),
    };
}
