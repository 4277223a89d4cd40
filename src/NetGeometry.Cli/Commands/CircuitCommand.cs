using System.CommandLine;
using System.Globalization;
using NetGeometry.Engine;
using NetGeometry.Experiments.Analyses;
using NetGeometry.Geometry.Quantum;
using Spectre.Console;

namespace NetGeometry.Cli.Commands;

/// <summary>
/// netgeo circuit: the complexity of a unitary on 1 to 3 qubits in Nielsen's geometry (the length of a geodesic from
/// I under the penalized metric) against the straight path, with the path plotted; writes runs/circuit-&lt;time&gt;/.
/// </summary>
public static class CircuitCommand
{
    public static Command Create()
    {
        var command = new Command("circuit",
            "The complexity of a unitary on 1 to 3 qubits in Nielsen's geometry: the length of a geodesic from the identity under a " +
            "metric where 1- and 2-body Pauli terms cost 1 and the others q, found by geodesic shooting with continuation in q, " +
            "against the straight path exp(-iHt). Writes runs/circuit-<UTC time>/ with the geodesic (geodesic.csv) and its plots.\n\nExamples:\n" +
            "  netgeo circuit --gates \"H 0; CNOT 0 1; T 1\" --qubits 2 --q 4\n" +
            "  netgeo circuit --gates \"CCX 0 1 2\" --q 8 --json\n" +
            "  netgeo circuit --matrix target.txt --q 4   (one row per line, entries like 0.7071 or 0.5-0.5i)");
        var common = new CommonOptions();
        var gates = new Option<string?>("--gates") { Description = "The circuit: gates separated by ';', e.g. \"H 0; CNOT 0 1; RZ(pi/4) 1\" (qubit 0 is the most significant)." };
        var matrix = new Option<string?>("--matrix") { Description = "A file holding the target unitary instead: one row per line, complex entries like 0.7071 or 0.5-0.5i." };
        var qubits = new Option<int?>("--qubits") { Description = "Qubits, 1 to 3 (default: what the gates use, or the matrix's size)." };
        var q = new Option<double>("--q") { Description = "The penalty q >= 1 on Pauli terms acting on more than --cheap-bodies qubits.", DefaultValueFactory = _ => 4.0 };
        var cheapBodies = new Option<int>("--cheap-bodies") { Description = "Terms acting on at most this many qubits are cheap (Nielsen et al.: 2).", DefaultValueFactory = _ => 2 };
        var steps = new Option<int>("--steps") { Description = "RK4 steps over the unit time of the path to start with; they double until the integration error estimate is below 1e-6.", DefaultValueFactory = _ => new ShootingOptions().Steps };
        foreach (var o in new Option[] { gates, matrix, qubits, q, cheapBodies, steps }) command.Options.Add(o);
        common.AddTo(command);

        command.SetAction(parsed =>
        {
            common.ConfigureTorch(parsed);
            var outRoot = common.WritableOut(parsed);
            string? gateText = parsed.GetValue(gates), matrixFile = parsed.GetValue(matrix);
            InputException.Require((gateText is null) != (matrixFile is null), "give the target as --gates \"H 0; CNOT 0 1\" or as --matrix <file>, one of the two.");
            using var target = gateText is not null ? FromGates(gateText, parsed.GetValue(qubits)) : FromFile(matrixFile!, parsed.GetValue(qubits));
            var options = new ShootingOptions { Steps = parsed.GetValue(steps) };
            var settings = new { Gates = gateText, Matrix = matrixFile, Qubits = (int)Math.Log2(target.shape[0]), Q = parsed.GetValue(q), CheapBodies = parsed.GetValue(cheapBodies), options.Steps };
            var status = new StatusLines("circuit");
            var result = CircuitComplexity.Compute(target, settings.Q, settings.CheapBodies, options,
                new Relay<ShootingProgress>(p => status.Report($"q = {p.Q:G4}, iteration {p.Iteration}, residual {p.Residual:E2}")));
            var runDirectory = CircuitOutput.Write(outRoot, gateText ?? Path.GetFullPath(matrixFile!), settings, result);
            Print(result, runDirectory, parsed.GetValue(common.Json));
            return result.Converged ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static TorchSharp.torch.Tensor FromGates(string text, int? qubits)
    {
        var circuit = Circuit.Parse(text);
        return Circuit.Unitary(circuit, qubits ?? Circuit.QubitsUsed(circuit));
    }

    private static TorchSharp.torch.Tensor FromFile(string file, int? qubits)
    {
        InputException.Require(File.Exists(file), $"--matrix: no file {file}.");
        var target = MatrixText.Parse(File.ReadAllText(file), file);
        InputException.Require(qubits is null || target.shape[0] == 1L << qubits.Value,
            $"--qubits {qubits} needs a {1L << (qubits ?? 0)} x {1L << (qubits ?? 0)} matrix, {file} is {target.shape[0]} x {target.shape[0]}.");
        return target;
    }

    private static void Print(CircuitComplexityResult r, string runDirectory, bool json)
    {
        if (json)
        {
            JsonLines.Write(new Dictionary<string, object?>
            {
                ["qubits"] = r.Qubits, ["q"] = r.Q, ["cheap_bodies"] = r.CheapBodies,
                ["length"] = r.Length, ["straight_length"] = r.StraightLength, ["ratio"] = r.Ratio,
                ["converged"] = r.Converged, ["reached_q"] = r.ReachedQ, ["residual"] = r.Residual, ["iterations"] = r.Stages.Sum(s => s.Iterations),
                ["steps"] = r.Steps,
                ["endpoint_error"] = r.EndpointError, ["integration_error"] = r.IntegrationError,
                ["initial_hamiltonian"] = r.Terms.Zip(r.InitialHamiltonian).Where(t => Math.Abs(t.Second) > 1e-12).ToDictionary(t => t.First, t => t.Second),
                ["run_dir"] = runDirectory,
            });
            return;
        }
        var table = new Table().Title($"[bold]{(r.Converged ? "geodesic found" : "shooting did not converge")}[/]: {r.Qubits} qubit(s), q = {r.Q:G4}, cheap terms act on <= {r.CheapBodies} qubit(s)")
            .AddColumn("quantity").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("complexity (geodesic length)", r.Length.ToString("G8", CultureInfo.InvariantCulture));
        table.AddRow("straight path exp(-iH*t) length", r.StraightLength.ToString("G8", CultureInfo.InvariantCulture));
        table.AddRow("ratio", r.Ratio.ToString("G6", CultureInfo.InvariantCulture));
        table.AddRow("shooting solves (q/steps: iterations)",
            string.Join(", ", r.Stages.Select(s => $"{s.Q.ToString("G3", CultureInfo.InvariantCulture)}/{s.Steps}: {s.Iterations}{(s.Converged ? "" : " failed")}")));
        if (!r.Converged) table.AddRow("largest q solved", r.ReachedQ.ToString("G4", CultureInfo.InvariantCulture));
        table.AddRow("endpoint residual ||r||", r.Residual.ToString("E2", CultureInfo.InvariantCulture));
        table.AddRow("||U(1) - target||", r.EndpointError.ToString("E2", CultureInfo.InvariantCulture));
        table.AddRow($"RK4 error ({r.Steps} vs {2 * r.Steps} steps)", r.IntegrationError.ToString("E2", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"run directory: [link]{Markup.Escape(runDirectory)}[/]");
    }
}
