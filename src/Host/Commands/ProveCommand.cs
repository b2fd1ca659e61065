using System.Diagnostics;
using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>prove &lt;circuit.zkey&gt; &lt;witness.wtns&gt; &lt;proof.json&gt; &lt;public.json&gt; [--r1cs &lt;circuit.r1cs&gt;] [--verify]</summary>
internal static class ProveCommand
{
    internal static int Run(string[] args, ProofSystemCatalog catalog, TextWriter stdout, TextWriter stderr)
    {
        var positional = new List<string>();
        string? r1csPath = null;
        bool verify = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--verify":
                    verify = true;
                    break;
                case "--r1cs" when i + 1 < args.Length:
                    r1csPath = args[++i];
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    stderr.WriteLine($"prove: unknown option '{option}'");
                    return CommandLine.Unusable;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }
        if (positional.Count != 4)
        {
            stderr.WriteLine("prove takes four files: <circuit.zkey> <witness.wtns> <proof.json> <public.json>");
            return CommandLine.Unusable;
        }
        string zkeyPath = positional[0], witnessPath = positional[1], proofPath = positional[2], publicPath = positional[3];
        var prover = ArtifactFiles.FindGroth16Prover(catalog, stderr);
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
