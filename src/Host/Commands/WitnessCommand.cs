using System.CommandLine;
using CredentialHub.Circuits;
using CredentialHub.Circuits.Contracts;
using CredentialHub.CommandFiles;

namespace CredentialHub.Host.Commands;

/// <summary>witness &lt;circuit.wasm&gt; &lt;input.json&gt; &lt;witness.wtns&gt;</summary>
internal static class WitnessCommand
{
    internal static Command Create()
    {
        var wasm = ArtifactFiles.Input("circuit.wasm", "circom's witness calculator of the circuit");
        var input = ArtifactFiles.Input("input.json", "the circuit's inputs");
        var wtns = ArtifactFiles.Output("witness.wtns", "where the witness is written");
        var command = new Command("witness", """
            Compute a circom witness (.wtns equal to snarkjs's); the circuit's log lines on standard output.
            Exit codes: 0 computed, 1 the circuit failed (an assert, a trap), 2 unusable circuit or input.
            """) { wasm, input, wtns };
        command.SetAction(parse => Run(parse.GetRequiredValue(wasm), parse.GetRequiredValue(input), parse.GetRequiredValue(wtns),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string wasmPath, string inputPath, string wtnsPath, TextWriter stdout, TextWriter stderr)
    {
        int status = TryCalculate(wasmPath, inputPath, stdout, stderr, out byte[]? wtns);
        if (wtns is null)
        {
            return status;
        }
        return ArtifactFiles.TryWrite(wtnsPath, wtns, stderr) ? CommandLine.Success : CommandLine.Unusable;
    }

    /// <summary>Computes the .wtns bytes, printing the circuit's log to stdout; on failure returns the exit code and null.</summary>
    internal static int TryCalculate(string wasmPath, string inputPath, TextWriter stdout, TextWriter stderr, out byte[]? wtns)
    {
        wtns = null;
        byte[] wasm, input;
        try
        {
            wasm = File.ReadAllBytes(wasmPath);
            input = File.ReadAllBytes(inputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"cannot read the inputs ({e.Message})");
            return CommandLine.Unusable;
        }
        var log = new List<string>();
        try
        {
            var calculator = CircuitsModule.CreateWitnessEngine().Load(wasm, Path.GetFileName(wasmPath));
            wtns = calculator.CalculateWtns(input, log, CancellationToken.None);
            return CommandLine.Success;
        }
        catch (WitnessException e)
        {
            string source = e.Failure == WitnessFailure.InvalidInput ? $"{inputPath}: " : "";
            stderr.WriteLine(source + e.Message);
            return e.Failure is WitnessFailure.CircuitFailed or WitnessFailure.Trapped ? CommandLine.Negative : CommandLine.Unusable;
        }
        finally
        {
            foreach (var line in log)
            {
                stdout.WriteLine(line);
            }
        }
    }
}
