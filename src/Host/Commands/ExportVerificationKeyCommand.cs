using CredentialHub.Host.Plugins;

namespace CredentialHub.Host.Commands;

/// <summary>export-vkey &lt;circuit.zkey&gt; &lt;verification_key.json&gt;</summary>
internal static class ExportVerificationKeyCommand
{
    internal static int Run(string[] args, ProofSystemCatalog catalog, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length != 2)
        {
            stderr.WriteLine("export-vkey takes two files: <circuit.zkey> <verification_key.json>");
            return CommandLine.Unusable;
        }
        var prover = ArtifactFiles.FindGroth16Prover(catalog, stderr);
        if (prover is null)
        {
            return CommandLine.Unusable;
        }
        return ArtifactFiles.Guard(stderr, () =>
        {
            using var zkey = ArtifactFiles.OpenRead(args[0], stderr);
            if (zkey is null)
            {
                return CommandLine.Unusable;
            }
            string json = prover.ExportVerificationKey(prover.LoadProvingKey(zkey, args[0]));
            return ArtifactFiles.TryWrite(args[1], json, stderr) ? CommandLine.Success : CommandLine.Unusable;
        });
    }
}
