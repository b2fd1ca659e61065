using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits;
using CredentialHub.Host.Plugins;

namespace CredentialHub.Host.Commands;

/// <summary>witness &lt;circuit.wasm&gt; &lt;input.json&gt; &lt;witness.wtns&gt;</summary>
internal static class WitnessCommand
{
    internal static int Run(string[] args, ProofSystemCatalog catalog, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 3)
        {
            stderr.WriteLine("witness takes three files: <circuit.wasm> <input.json> <witness.wtns>");
            return CommandLine.Unusable;
        }
        int status = TryCalculate(args[0], args[1], stdout, stderr, out byte[]? wtns);
        if (wtns is null)
        {
            return status;
        }
        try
        {
            File.WriteAllBytes(args[2], wtns);
            return CommandLine.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{args[2]}: cannot be written ({e.Message})");
            return CommandLine.Unusable;
        }
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
