using System.CommandLine;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.CommandFiles;

namespace CredentialHub.Host.Commands;

/// <summary>fullprove &lt;input.json&gt; &lt;circuit.wasm&gt; &lt;circuit.zkey&gt; &lt;proof.json&gt; &lt;public.json&gt; [--verify] (snarkjs's order)</summary>
internal static class FullProveCommand
{
    internal static Command Create()
    {
        var input = ArtifactFiles.Input("input.json", "the circuit's inputs");
        var wasm = ArtifactFiles.Input("circuit.wasm", "circom's witness calculator of the circuit");
        var zkey = ArtifactFiles.Input("circuit.zkey", "the proving key (snarkjs .zkey)");
        var proof = ArtifactFiles.Output("proof.json", "where the proof is written");
        var publicSignals = ArtifactFiles.Output("public.json", "where the public signals are written");
        var verify = new Option<bool>("--verify") { Description = "check the proof before writing it" };
        var command = new Command("fullprove", """
            Witness then proof, as snarkjs groth16 fullprove; the circuit's log lines on standard output.
            Exit codes: 0 proved, 1 the circuit failed or the witness does not satisfy it, 2 unusable input.
            """) { input, wasm, zkey, proof, publicSignals, verify };
        command.SetAction(parse => Run(parse.GetRequiredValue(input), parse.GetRequiredValue(wasm), parse.GetRequiredValue(zkey),
            parse.GetRequiredValue(proof), parse.GetRequiredValue(publicSignals), parse.GetValue(verify),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string inputPath, string wasmPath, string zkeyPath, string proofPath, string publicPath, bool verify, TextWriter stdout, TextWriter stderr)
    {
        var prover = CommandLine.FindGroth16Prover(CommandLine.LoadPlugins(stderr), stderr);
        if (prover is null)
        {
            return CommandLine.Unusable;
        }
        int status = WitnessCommand.TryCalculate(wasmPath, inputPath, stdout, stderr, out byte[]? wtns);
        if (wtns is null)
        {
            return status;
        }
        return ArtifactFiles.Guard(stderr, () =>
        {
            using var zkey = ArtifactFiles.OpenRead(zkeyPath, stderr);
            if (zkey is null)
            {
                return CommandLine.Unusable;
            }
            var key = prover.LoadProvingKey(zkey, zkeyPath);
            using var witness = new MemoryStream(wtns);
            var artifacts = prover.Prove(key, witness, "witness of " + inputPath, new ProveOptions(VerifyAfterProving: verify), CancellationToken.None);
            Array.Clear(wtns);
            return ArtifactFiles.TryWrite(proofPath, artifacts.ProofJson, stderr) && ArtifactFiles.TryWrite(publicPath, artifacts.PublicSignalsJson, stderr)
                ? CommandLine.Success
                : CommandLine.Unusable;
        });
    }
}
