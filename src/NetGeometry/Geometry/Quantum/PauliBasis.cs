using System.Numerics;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Quantum;

/// <summary>
/// The Pauli basis of su(2^n) for n &lt;= <see cref="MaxQubits"/> qubits: the 4^n - 1 tensor products
/// sigma = s_0 (x) s_1 (x) ... (x) s_{n-1} of I, X, Y, Z other than the identity, qubit 0 the leftmost factor (the most
/// significant bit of a basis state, as in Nielsen &amp; Chuang). A traceless Hermitian H is written
/// H = sum_sigma h_sigma sigma with h_sigma = tr(sigma H) / 2^n (Nielsen, Dowling, Gu &amp; Doherty, Science 2006), so
/// that the coefficients are orthonormal coordinates for &lt;A, B&gt; = tr(A B) / 2^n. A term's weight is its number of
/// non-identity factors (a k-body term).
/// </summary>
public sealed class PauliBasis : IDisposable
{
    /// <summary>The most qubits the circuit geometry is computed for (m = 63 terms at n = 3).</summary>
    public const int MaxQubits = 3;
    private static readonly string Letters = "IXYZ";

    /// <summary>The basis for <paramref name="qubits"/> qubits.</summary>
    /// <exception cref="InputException">qubits is outside 1 to <see cref="MaxQubits"/>.</exception>
    public PauliBasis(int qubits)
    {
        InputException.Require(qubits is >= 1 and <= MaxQubits, $"the circuit geometry is computed for 1 to {MaxQubits} qubits, got {qubits}.");
        Qubits = qubits;
        Dimension = 1 << qubits;
        var labels = new List<string>();
        for (int code = 1; code < 1 << (2 * qubits); code++)
            labels.Add(new string(Enumerable.Range(0, qubits).Select(q => Letters[(code >> (2 * (qubits - 1 - q))) & 3]).ToArray()));
        Labels = labels;
        Weights = labels.Select(l => l.Count(c => c != 'I')).ToArray();
        using var scope = NewDisposeScope();
        Matrices = stack(labels.Select(Matrix).ToList()).MoveToOuterDisposeScope();
        Flat = Matrices.reshape(Count, (long)Dimension * Dimension).MoveToOuterDisposeScope();
        Projection = Flat.conj().t().div(Held(Dimension)).resolve_conj().contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>n, the number of qubits.</summary>
    public int Qubits { get; }

    /// <summary>N = 2^n, the size of the matrices.</summary>
    public int Dimension { get; }
    /// <summary>m = 4^n - 1, the dimension of su(N).</summary>
    public int Count => Labels.Count;
    /// <summary>Each basis element's name, e.g. "XIZ" (qubit 0 first).</summary>
    public IReadOnlyList<string> Labels { get; }
    /// <summary>Each basis element's body count: the number of qubits it acts on.</summary>
    public IReadOnlyList<int> Weights { get; }
    /// <summary>The basis matrices, m x N x N complex128.</summary>
    public Tensor Matrices { get; }
    /// <summary>The basis matrices flattened, m x N^2: row sigma is vec(sigma) (row-major), so vec(H) = h @ Flat.</summary>
    internal Tensor Flat { get; }
    /// <summary>N^2 x m with vec(A) @ Projection = tr(sigma A) / N, column sigma being vec(conj(sigma)) / N.</summary>
    internal Tensor Projection { get; }

    /// <summary>H = sum_sigma h_sigma sigma for coefficients (..., m) (real); returns (..., N, N) complex128.</summary>
    public Tensor ToMatrix(Tensor coefficients)
    {
        using var complexCoefficients = coefficients.to_type(ScalarType.ComplexFloat64);
        using var flat = complexCoefficients.matmul(Flat);
        return flat.reshape(coefficients.shape[..^1].Append(Dimension).Append(Dimension).ToArray());
    }

    /// <summary>h_sigma = Re tr(sigma A) / N for matrices (..., N, N): the coordinates of A's Hermitian traceless part.</summary>
    public Tensor Coefficients(Tensor matrices)
    {
        using var flat = matrices.reshape(matrices.shape[..^2].Append((long)Dimension * Dimension).ToArray());
        using var traces = flat.matmul(Projection);
        return traces.real.clone();
    }

    /// <summary>
    /// Nielsen et al.'s metric: terms acting on at most <paramref name="cheapBodies"/> qubits cost 1, all others q
    /// (Science 2006 takes one- and two-body terms as cheap, cheapBodies = 2).
    /// </summary>
    public PenaltyMetric Metric(double q, int cheapBodies = 2)
    {
        InputException.Require(cheapBodies >= 1, $"the cheap body count must be at least 1, got {cheapBodies}.");
        using var cheap = tensor(Weights.Select(w => w <= cheapBodies).ToArray());
        return new PenaltyMetric(cheap, q);
    }

    /// <summary>The index of a label such as "XZ" (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No term has that label.</exception>
    public int IndexOf(string label)
    {
        int index = Labels.ToList().IndexOf(label.ToUpperInvariant());
        return index >= 0 ? index : throw new ArgumentException($"no Pauli term '{label}' on {Qubits} qubits.");
    }

    /// <summary>
    /// The matrix of a Pauli string: entry (r, c) is the product over qubits of s_q[r_q, c_q], r_q the bit of r for
    /// qubit q (qubit 0 the most significant). Built entry by entry rather than with torch.kron, which crashes
    /// (segmentation fault) inside a dispose scope in TorchSharp 0.107.0.
    /// </summary>
    private Tensor Matrix(string label)
    {
        int n = Dimension;
        var entries = new Complex[n * n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
            {
                Complex value = 1;
                for (int q = 0; q < Qubits && value != 0; q++)
                {
                    int shift = Qubits - 1 - q;
                    value *= Single(label[q], (r >> shift) & 1, (c >> shift) & 1);
                }
                entries[r * n + c] = value;
            }
        return ComplexMatrices.FromValues(entries, n, n);
    }

    /// <summary>Entry (row, column) of I, X, Y or Z.</summary>
    private static Complex Single(char pauli, int row, int column) => pauli switch
    {
        'I' => row == column ? 1 : 0,
        'X' => row != column ? 1 : 0,
        'Y' => row == column ? 0 : row == 0 ? -Complex.ImaginaryOne : Complex.ImaginaryOne,
        _ => row != column ? 0 : row == 0 ? 1 : -1,
    };

    /// <summary>Frees the basis matrices.</summary>
    public void Dispose()
    {
        Matrices.Dispose();
        Flat.Dispose();
        Projection.Dispose();
    }
}
