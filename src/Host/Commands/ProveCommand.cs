using System.CommandLine;
using System.Diagnostics;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>prove &lt;circuit.zkey&gt; &lt;witness.wtns&gt; &lt;proof.json&gt; &lt;public.json&gt; [--r1cs &lt;circuit.r1cs&gt;] [--verify]</summary>
internal static class ProveCommand
{
    internal static Command Create()
    {
        var zkey = ArtifactFiles.Input("circuit.zkey", "the proving key (snarkjs .zkey)");
        var witness = ArtifactFiles.Input("witness.wtns", "the witness (snarkjs .wtns)");
        var proof = ArtifactFiles.Output("proof.json", "where the proof is written");
        var publicSignals = ArtifactFiles.Output("public.json", "where the public signals are written");
        var r1cs = ArtifactFiles.InputOption("--r1cs", "circuit.r1cs", "first check the witness against the circuit's constraints");
        var verify = new Option<bool>("--verify") { Description = "check the proof before writing it" };
        var command = new Command("prove", """
            Make a Groth16 proof from a proving key and a witness (snarkjs/rapidsnark argument order).
            Exit codes: 0 proved, 1 the witness does not fit or satisfy the circuit, 2 unusable input.
            """) { zkey, witness, proof, publicSignals, r1cs, verify };
        command.SetAction(parse => Run(parse.GetRequiredValue(zkey), parse.GetRequiredValue(witness), parse.GetRequiredValue(proof),
            parse.GetRequiredValue(publicSignals), parse.GetValue(r1cs), parse.GetValue(verify), parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string zkeyPath, string witnessPath, string proofPath, string publicPath, string? r1csPath, bool verify, TextWriter stderr)
    {
        var prover = ArtifactFiles.FindGroth16Prover(CommandLine.LoadPlugins(stderr), stderr);
        if (prover is null)
        {
            return CommandLine.Unusable;
        }

        return ArtifactFiles.Guard(stderr, () =>
        {
            using var zkey = ArtifactFiles.OpenRead(zkeyPath, stderr);
            using var witness = ArtifactFiles.OpenRead(witnessPath, stderr);
            using var r1cs = r1csPath is null ? null : ArtifactFiles.OpenRead(r1csPath, stderr);
            if (zkey is null || witness is null || (r1csPath is not null && r1cs is null))
            {
                return CommandLine.Unusable;
            }
            var clock = Stopwatch.StartNew();
            var key = prover.LoadProvingKey(zkey, zkeyPath);
            var loaded = clock.Elapsed;
            var artifacts = prover.Prove(key, witness, witnessPath, new ProveOptions(r1cs, r1csPath, verify), CancellationToken.None);
            var proved = clock.Elapsed - loaded;
            if (!ArtifactFiles.TryWrite(proofPath, artifacts.ProofJson, stderr) || !ArtifactFiles.TryWrite(publicPath, artifacts.PublicSignalsJson, stderr))
            {
                return CommandLine.Unusable;
            }
            stderr.WriteLine($"proved in {proved.TotalMilliseconds:F0} ms (key loaded in {loaded.TotalMilliseconds:F0} ms){(verify ? ", verified" : "")}");
            return CommandLine.Success;
        });
    }
}
