using System.Numerics;
using NetGeometry.Engine;
using NetGeometry.Geometry.Quantum;
using static TorchSharp.torch;

namespace NetGeometry.Tests.Geometry;

public class CircuitTests
{
    private static Tensor U(string gates, int qubits) => Circuit.Unitary(Circuit.Parse(gates), qubits);

    [Theory]
    [InlineData("H 0; H 0", "I 0", 1)]
    [InlineData("H 1; CZ 0 1; H 1", "CNOT 0 1", 2)]
    [InlineData("CNOT 0 1; CNOT 1 0; CNOT 0 1", "SWAP 0 1", 2)]
    [InlineData("H 2; CCZ 0 1 2; H 2", "TOFFOLI 0 1 2", 3)]
    [InlineData("S 0; S 0", "Z 0", 1)]
    [InlineData("T 1; T 1", "S 1", 2)]
    [InlineData("SX 0; SX 0", "X 0", 1)]
    [InlineData("RZZ(pi/3) 0 2", "CNOT 0 2; RZ(pi/3) 2; CNOT 0 2", 3)]
    [InlineData("RXX(0.7) 0 1", "H 0; H 1; RZZ(0.7) 0 1; H 0; H 1", 2)]
    [InlineData("CSWAP 0 1 2", "CNOT 2 1; TOFFOLI 0 1 2; CNOT 2 1", 3)]
    public void CircuitsComposeToTheSameUnitary(string left, string right, int qubits)
    {
        using var a = U(left, qubits);
        using var b = U(right, qubits);
        Assert.True(QuantumTargets.Distance(a, b) < 1e-12, $"{left} vs {right}: {QuantumTargets.Distance(a, b)}");
    }

    [Fact]
    public void QubitZeroIsTheMostSignificantBitAndGatesApplyInOrder()
    {
        using var x0 = U("X 0", 2);   // |00> -> |10> = basis state 2
        Assert.Equal(1.0, x0[2, 0].item<Complex>().Real, 15);
        using var rz = U("RZ(pi) 0", 1);
        Assert.True(Complex.Abs(rz[0, 0].item<Complex>() + Complex.ImaginaryOne) < 1e-15);
        using var ordered = U("H 0; S 0", 1);   // S H, not H S
        using var sh = U("S 0", 1).matmul(U("H 0", 1));
        Assert.True(QuantumTargets.Distance(ordered, sh) < 1e-15);
    }

    [Theory]
    [InlineData("FOO 0", "unknown gate")]
    [InlineData("CNOT 0", "acts on 2 qubit(s)")]
    [InlineData("RX 0", "needs an angle")]
    [InlineData("H(0.3) 0", "takes no angle")]
    [InlineData("RZ(pi/x) 0", "angle")]
    [InlineData("CNOT 1 1", "must differ")]
    [InlineData("", "no gates")]
    public void BadCircuitTextIsAOneLineInputError(string text, string mention)
    {
        var error = Assert.Throws<InputException>(() => Circuit.Parse(text));
        Assert.Contains(mention, error.Message);
    }

    [Fact]
    public void AnglesAcceptPiForms()
    {
        foreach (var (text, angle) in new[] { ("pi/4", Math.PI / 4), ("-3pi/4", -3 * Math.PI / 4), ("2*pi/3", 2 * Math.PI / 3), ("0.5", 0.5), ("pi", Math.PI) })
        {
            using var a = U($"RZ({text}) 0", 1);
            Assert.Equal(Complex.Exp(-Complex.ImaginaryOne * angle / 2).Real, a[0, 0].item<Complex>().Real, 14);
        }
        Assert.Throws<InputException>(() => U("X 3", 2));
    }
}
