using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using NetGeometry.Engine;
using static TorchSharp.torch;

namespace NetGeometry.Geometry.Quantum;

/// <summary>One gate of a circuit: its matrix and the qubits it acts on (in the gate's own order).</summary>
/// <param name="Gate">The gate's matrix.</param>
/// <param name="Qubits">The qubits it acts on, as many as its arity, in the gate's order.</param>
public sealed record GateApplication(GateMatrix Gate, int[] Qubits);

/// <summary>
/// A quantum circuit written as text: gates separated by ';' or line breaks, each "NAME q..." or
/// "NAME(angle) q...", e.g. "H 0; CNOT 0 1; RZ(pi/4) 1". Angles are numbers, optionally times pi: "0.3", "pi/4",
/// "-3pi/4", "2*pi/3". Gates apply in the order written, so the circuit's unitary is U = G_last ... G_first.
/// </summary>
public static partial class Circuit
{
    /// <summary>The gates of the circuit <paramref name="text"/>, in the order written.</summary>
    /// <exception cref="InputException">A gate, angle or qubit cannot be read, a gate gets the wrong number of qubits
    /// or the same qubit twice, or there are no gates.</exception>
    public static IReadOnlyList<GateApplication> Parse(string text)
    {
        var gates = new List<GateApplication>();
        foreach (var raw in text.Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = GateSyntax().Match(raw);
            InputException.Require(match.Success, $"cannot read the gate '{raw}': write NAME q... or NAME(angle) q..., e.g. 'CNOT 0 1' or 'RZ(pi/4) 1'.");
            double? angle = match.Groups["angle"].Success ? Angle(match.Groups["angle"].Value, raw) : null;
            var gate = Gates.Get(match.Groups["name"].Value, angle);
            var qubits = match.Groups["qubits"].Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(q =>
                int.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index
                    : throw new InputException($"'{raw}': qubit '{q}' is not a whole number 0, 1, 2.")).ToArray();
            InputException.Require(qubits.Length == gate.Arity, $"'{raw}': {gate.Name} acts on {gate.Arity} qubit(s), {qubits.Length} given.");
            InputException.Require(qubits.Distinct().Count() == qubits.Length, $"'{raw}': a gate's qubits must differ.");
            gates.Add(new GateApplication(gate, qubits));
        }
        InputException.Require(gates.Count > 0, "the circuit has no gates: write them like \"H 0; CNOT 0 1\".");
        return gates;
    }

    /// <summary>The number of qubits the circuit touches (its largest qubit index + 1).</summary>
    public static int QubitsUsed(IReadOnlyList<GateApplication> gates) => gates.Max(g => g.Qubits.Max()) + 1;

    /// <summary>The circuit's unitary on <paramref name="qubits"/> qubits (qubit 0 most significant), complex128.</summary>
    /// <exception cref="InputException">A gate acts on a qubit at or beyond <paramref name="qubits"/>.</exception>
    public static Tensor Unitary(IReadOnlyList<GateApplication> gates, int qubits)
    {
        InputException.Require(QubitsUsed(gates) <= qubits, $"the circuit uses qubit {QubitsUsed(gates) - 1} but {InputField.Of(nameof(qubits))} is {qubits}.");
        int n = 1 << qubits;
        var total = new Complex[n, n];
        for (int i = 0; i < n; i++) total[i, i] = 1;
        foreach (var g in gates) total = Multiply(Embed(g, qubits), total);
        return ComplexMatrices.FromValues(total.Cast<Complex>().ToArray(), n, n);
    }

    /// <summary>The gate on the whole register: entry (r, c) is the gate's entry at the target bits of r and c when
    /// r and c agree on every other qubit, and 0 otherwise.</summary>
    private static Complex[,] Embed(GateApplication g, int qubits)
    {
        int n = 1 << qubits, mask = 0;
        foreach (var q in g.Qubits) mask |= 1 << (qubits - 1 - q);
        int Local(int state) => g.Qubits.Aggregate(0, (acc, q) => (acc << 1) | ((state >> (qubits - 1 - q)) & 1));
        var full = new Complex[n, n];
        for (int r = 0; r < n; r++)
            for (int c = 0; c < n; c++)
                if ((r & ~mask) == (c & ~mask)) full[r, c] = g.Gate.Matrix[Local(r), Local(c)];
        return full;
    }

    private static Complex[,] Multiply(Complex[,] a, Complex[,] b)
    {
        int n = a.GetLength(0);
        var product = new Complex[n, n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
                if (a[i, k] != Complex.Zero)
                    for (int j = 0; j < n; j++) product[i, j] += a[i, k] * b[k, j];
        return product;
    }

    private static double Angle(string text, string gate)
    {
        var match = AngleSyntax().Match(text.Replace(" ", "").ToLowerInvariant());
        InputException.Require(match.Success, $"'{gate}': cannot read the angle '{text}'; write a number, optionally with pi, e.g. 0.3, pi/4, -3pi/4.");
        double Number(string group, double absent) =>
            match.Groups[group].Success && match.Groups[group].Value.Length > 0
                ? double.Parse(match.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture) : absent;
        double value = Number("factor", 1) * (match.Groups["pi"].Success ? Math.PI : 1) / Number("divisor", 1);
        if (!match.Groups["pi"].Success && !match.Groups["factor"].Success)
            throw new InputException($"'{gate}': cannot read the angle '{text}'; write a number, optionally with pi, e.g. 0.3, pi/4.");
        InputException.Require(double.IsFinite(value), $"'{gate}': the angle '{text}' is not a finite number; write e.g. 0.3, pi/4, -3pi/4.");
        return match.Groups["sign"].Value == "-" ? -value : value;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z]+)\s*(\((?<angle>[^()]*)\))?\s+(?<qubits>[\d\s,]+)$")]
    private static partial Regex GateSyntax();

    [GeneratedRegex(@"^(?<sign>[+-]?)(?<factor>\d+(\.\d*)?([eE][+-]?\d+)?)?\*?(?<pi>pi)?(/(?<divisor>\d+(\.\d*)?))?$")]
    private static partial Regex AngleSyntax();
}
