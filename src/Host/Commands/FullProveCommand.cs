using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>fullprove &lt;input.json&gt; &lt;circuit.wasm&gt; &lt;circuit.zkey&gt; &lt;proof.json&gt; &lt;public.json&gt; [--verify] (snarkjs's order)</summary>
internal static class FullProveCommand
{
    internal static int Run(string[] args, ProofSystemCatalog catalog, TextWriter stdout, TextWriter stderr)
    {
        bool verify = args.Contains("--verify");
        var files = args.Where(a => a != "--verify").ToList();
        if (files.Count != 5 || files.Any(f => f.StartsWith("--", StringComparison.Ordinal)))
        {
            stderr.WriteLine("fullprove takes five files: <input.json> <circuit.wasm> <circuit.zkey> <proof.json> <public.json> [--verify]");
            return CommandLine.Unusable;
        }
        var prover = ArtifactFiles.FindGroth16Prover(catalog, stderr);
        if (prover is null)
        {
            return CommandLine.Unusable;
        }
        int status = WitnessCommand.TryCalculate(files[1], files[0], stdout, stderr, out byte[]? wtns);
        if (wtns is null)
        {
            return status;
        }
        return ArtifactFiles.Guard(stderr, () =>
        {
            using var zkey = ArtifactFiles.OpenRead(files[2], stderr);
            if (zkey is null)
            {
                return CommandLine.Unusable;
            }
            var key = prover.LoadProvingKey(zkey, files[2]);
            using var witness = new MemoryStream(wtns);
            var artifacts = prover.Prove(key, witness, "witness of " + files[0], new ProveOptions(VerifyAfterProving: verify), CancellationToken.None);
            Array.Clear(wtns);
            return ArtifactFiles.TryWrite(files[3], artifacts.ProofJson, stderr) && ArtifactFiles.TryWrite(files[4], artifacts.PublicSignalsJson, stderr)
                ? CommandLine.Success
                : CommandLine.Unusable;
        });
    }
}
