using System.Numerics;
using NetGeometry.Engine;

namespace NetGeometry.Geometry.Quantum;

/// <summary>A named gate's matrix on its own qubits (the first qubit listed is the most significant).</summary>
/// <param name="Name">The gate's name, upper case.</param>
/// <param name="Arity">The number of qubits it acts on.</param>
/// <param name="Matrix">Its 2^arity x 2^arity unitary.</param>
public sealed record GateMatrix(string Name, int Arity, Complex[,] Matrix);

/// <summary>
/// The standard named gates (Nielsen &amp; Chuang conventions; rotations R_P(theta) = exp(-i theta P / 2)).
/// Controlled gates take their control qubit(s) first and the target last.
/// </summary>
public static class Gates
{
    private static readonly Complex I = Complex.ImaginaryOne;
    private static readonly double R = 1 / Math.Sqrt(2);

    /// <summary>Gates without a parameter.</summary>
    public static readonly IReadOnlyList<string> Fixed =
        ["I", "X", "Y", "Z", "H", "S", "SDG", "T", "TDG", "SX", "CNOT", "CX", "CY", "CZ", "SWAP", "ISWAP", "CCX", "TOFFOLI", "CCZ", "CSWAP", "FREDKIN"];

    /// <summary>Gates that take an angle, written NAME(angle).</summary>
    public static readonly IReadOnlyList<string> Rotations = ["RX", "RY", "RZ", "P", "RXX", "RYY", "RZZ", "CP"];

    /// <summary>The gate <paramref name="name"/> (case-insensitive), with its angle in radians for a rotation.</summary>
    /// <exception cref="InputException">The name is unknown, or a rotation has no angle, or a fixed gate has one.</exception>
    public static GateMatrix Get(string name, double? angle)
    {
        string key = name.ToUpperInvariant();
        bool rotation = Rotations.Contains(key);
        InputException.Require(rotation || Fixed.Contains(key),
            $"unknown gate '{name}': use {string.Join(", ", Fixed)} or {string.Join(", ", Rotations.Select(r => r + "(angle)"))}.");
        InputException.Require(rotation == angle.HasValue,
            rotation ? $"gate {key} needs an angle, e.g. {key}(pi/4)." : $"gate {key} takes no angle.");
        double t = angle ?? 0;
        Complex c = Math.Cos(t / 2), s = Math.Sin(t / 2);
        Complex[,] m = key switch
        {
            "I" => Diagonal(1, 1),
            "X" => new Complex[,] { { 0, 1 }, { 1, 0 } },
            "Y" => new Complex[,] { { 0, -I }, { I, 0 } },
            "Z" => Diagonal(1, -1),
            "H" => new Complex[,] { { R, R }, { R, -R } },
            "S" => Diagonal(1, I),
            "SDG" => Diagonal(1, -I),
            "T" => Diagonal(1, Complex.Exp(I * Math.PI / 4)),
            "TDG" => Diagonal(1, Complex.Exp(-I * Math.PI / 4)),
            "SX" => new Complex[,] { { (1 + I) / 2, (1 - I) / 2 }, { (1 - I) / 2, (1 + I) / 2 } },
            "RX" => new Complex[,] { { c, -I * s }, { -I * s, c } },
            "RY" => new Complex[,] { { c, -s }, { s, c } },
            "RZ" => Diagonal(Complex.Exp(-I * t / 2), Complex.Exp(I * t / 2)),
            "P" => Diagonal(1, Complex.Exp(I * t)),
            "CNOT" or "CX" => Controlled(new Complex[,] { { 0, 1 }, { 1, 0 } }, 1),
            "CY" => Controlled(new Complex[,] { { 0, -I }, { I, 0 } }, 1),
            "CZ" => Diagonal(1, 1, 1, -1),
            "CP" => Diagonal(1, 1, 1, Complex.Exp(I * t)),
            "SWAP" => Permutation(0, 2, 1, 3),
            "ISWAP" => new Complex[,] { { 1, 0, 0, 0 }, { 0, 0, I, 0 }, { 0, I, 0, 0 }, { 0, 0, 0, 1 } },
            "RXX" => new Complex[,] { { c, 0, 0, -I * s }, { 0, c, -I * s, 0 }, { 0, -I * s, c, 0 }, { -I * s, 0, 0, c } },
            "RYY" => new Complex[,] { { c, 0, 0, I * s }, { 0, c, -I * s, 0 }, { 0, -I * s, c, 0 }, { I * s, 0, 0, c } },
            "RZZ" => Diagonal(Complex.Exp(-I * t / 2), Complex.Exp(I * t / 2), Complex.Exp(I * t / 2), Complex.Exp(-I * t / 2)),
            "CCX" or "TOFFOLI" => Controlled(new Complex[,] { { 0, 1 }, { 1, 0 } }, 2),
            "CCZ" => Diagonal(1, 1, 1, 1, 1, 1, 1, -1),
            _ => Permutation(0, 1, 2, 3, 4, 6, 5, 7),  // CSWAP / FREDKIN: swap the last two qubits when the first is 1
        };
        return new GateMatrix(key, (int)Math.Round(Math.Log2(m.GetLength(0))), m);
    }

    private static Complex[,] Diagonal(params Complex[] d)
    {
        var m = new Complex[d.Length, d.Length];
        for (int i = 0; i < d.Length; i++) m[i, i] = d[i];
        return m;
    }

    /// <summary>The permutation matrix sending basis state j to image[j].</summary>
    private static Complex[,] Permutation(params int[] image)
    {
        var m = new Complex[image.Length, image.Length];
        for (int j = 0; j < image.Length; j++) m[image[j], j] = 1;
        return m;
    }

    /// <summary>The gate applied to the last qubit when all <paramref name="controls"/> leading qubits are 1.</summary>
    private static Complex[,] Controlled(Complex[,] gate, int controls)
    {
        int n = 2 << controls, offset = n - 2;
        var m = Diagonal(Enumerable.Repeat(Complex.One, n).ToArray());
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                m[offset + i, offset + j] = gate[i, j];
        return m;
    }
}
