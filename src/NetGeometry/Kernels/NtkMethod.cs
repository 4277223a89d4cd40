namespace NetGeometry.Kernels;

/// <summary>
/// How the empirical NTK Theta(x, x') = J(x) J(x')^T is computed (ntk-computation.md; neural-tangents offers the same
/// choice). Every method gives the same kernel up to round-off: the tests hold them to a relative Frobenius error
/// below 1e-10 in float64.
/// </summary>
public enum NtkMethod
{
    /// <summary>
    /// <see cref="Structured"/> when the network allows it (every layer dense, see <see cref="StructuredNtk"/>),
    /// otherwise <see cref="Jacobian"/>. The default.
    /// </summary>
    Auto,

    /// <summary>
    /// Jacobian contraction: one backward pass per example and output gives the rows of J (n o x p), then
    /// Theta = J1 J2^T. Works for every network; the reference the other methods are tested against. Cost about
    /// 3 n o p for the passes plus n1 n2 o^2 p multiply-adds for the contraction; memory (n1 + n2) o p numbers, which
    /// limits it to small networks or few examples. As an operator (<see cref="NtkOperator"/>) it never forms J:
    /// Theta v = J (J^T v) by one vector-Jacobian product and one Jacobian-vector product built from double backward.
    /// </summary>
    Jacobian,

    /// <summary>
    /// Structured derivatives, for networks made of dense layers only: one forward pass keeps each dense layer's input
    /// U_l, one backward pass per output gives its backward signal G_l = df/dz_l, and
    /// Theta = sum_l (G_l G_l^T) o (m_W,l^2 U_l U_l^T + m_b,l^2) (Hadamard product o). Cost n1 n2 sum_l (fan_in_l +
    /// o fan_out_l) multiply-adds instead of n1 n2 o^2 p (about 230 times fewer for a 784-512-512-1 MLP); memory
    /// n sum_l (fan_in_l + o fan_out_l) numbers plus the kernel, computed in blocks of rows.
    /// </summary>
    Structured,
}

/// <summary>What the kernel holds for a network with o outputs.</summary>
public enum NtkOutput
{
    /// <summary>n1 x n2: Theta summed over the output axis, sum_a J_a(x) J_a(x')^T (the usual choice).</summary>
    Traced,

    /// <summary>(n1 o) x (n2 o): every output pair; row i o + a is example i, output a.</summary>
    Full,
}
