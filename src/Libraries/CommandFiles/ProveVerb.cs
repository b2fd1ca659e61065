using System.CommandLine;
using System.Diagnostics;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.CommandFiles;

/// <summary>
/// <c>prove &lt;circuit.zkey&gt; &lt;witness.wtns&gt; &lt;proof.json&gt; &lt;public.json&gt; [--r1cs &lt;circuit.r1cs&gt;] [--verify]</c>: one
/// definition for the host's verb (the prover found among the plugins) and the native prover's (the plugin linked in):
/// the same arguments, checks, files, messages and exit codes in both.
/// </summary>
public static class ProveVerb
{
    /// <param name="findProver">The Groth16 prover to use, or null after saying on standard error why there is none.</param>
    public static Command Create(Func<TextWriter, IProver?> findProver)
    {
        ArgumentNullException.ThrowIfNull(findProver);
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
        command.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            return findProver(stderr) is { } prover
                ? Run(prover, parse.GetRequiredValue(zkey), parse.GetRequiredValue(witness), parse.GetRequiredValue(proof),
                    parse.GetRequiredValue(publicSignals), parse.GetValue(r1cs), parse.GetValue(verify), stderr)
                : ExitCodes.Unusable;
        });
        return command;
    }

    private static int Run(IProver prover, string zkeyPath, string witnessPath, string proofPath, string publicPath, string? r1csPath, bool verify, TextWriter stderr) =>
        ArtifactFiles.Guard(stderr, () =>
        {
            using var zkey = ArtifactFiles.OpenRead(zkeyPath, stderr);
            using var witness = ArtifactFiles.OpenRead(witnessPath, stderr);
            using var r1cs = r1csPath is null ? null : ArtifactFiles.OpenRead(r1csPath, stderr);
            if (zkey is null || witness is null || (r1csPath is not null && r1cs is null))
            {
                return ExitCodes.Unusable;
            }
            var clock = Stopwatch.StartNew();
            var key = prover.LoadProvingKey(zkey, zkeyPath);
            var loaded = clock.Elapsed;
            var artifacts = prover.Prove(key, witness, witnessPath, new ProveOptions(r1cs, r1csPath, verify), CancellationToken.None);
            var proved = clock.Elapsed - loaded;
            if (!ArtifactFiles.TryWrite(proofPath, artifacts.ProofJson, stderr) || !ArtifactFiles.TryWrite(publicPath, artifacts.PublicSignalsJson, stderr))
            {
                return ExitCodes.Unusable;
            }
            stderr.WriteLine($"proved in {proved.TotalMilliseconds:F0} ms (key loaded in {loaded.TotalMilliseconds:F0} ms){(verify ? ", verified" : "")}");
            return ExitCodes.Success;
        });
}
