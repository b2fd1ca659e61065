using CredentialHub.Host.Plugins;

namespace CredentialHub.Host.Commands;

/// <summary>setup &lt;circuit.r1cs&gt; &lt;circuit.zkey&gt; --insecure-dev</summary>
internal static class SetupCommand
{
    internal static int Run(string[] args, ProofSystemCatalog catalog, TextWriter stdout, TextWriter stderr)
    {
        var files = args.Where(a => a != "--insecure-dev").ToList();
        if (files.Count != 2 || files.Any(f => f.StartsWith("--", StringComparison.Ordinal)))
        {
            stderr.WriteLine("setup takes two files and the flag --insecure-dev: <circuit.r1cs> <circuit.zkey> --insecure-dev");
            return CommandLine.Unusable;
        }
        if (!args.Contains("--insecure-dev"))
        {
            stderr.WriteLine("setup makes a single-party key whose maker could forge proofs; say --insecure-dev to confirm it is for testing only");
            return CommandLine.Unusable;
        }
        var prover = ArtifactFiles.FindGroth16Prover(catalog, stderr);
        if (prover is null)
        {
            return CommandLine.Unusable;
        }
        string r1csPath = files[0], zkeyPath = files[1];
        stderr.WriteLine("WARNING: an insecure development key: its toxic waste was random and is discarded, but whoever ran this could have kept it and forge proofs. Use it for tests and benchmarks only.");
        return ArtifactFiles.Guard(stderr, () =>
        {
            using var r1cs = ArtifactFiles.OpenRead(r1csPath, stderr);
            if (r1cs is null)
            {
                return CommandLine.Unusable;
            }
            string temporary = zkeyPath + ".partial";
            try
            {
                using (var zkey = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    prover.CreateInsecureDevelopmentKey(r1cs, r1csPath, zkey, CancellationToken.None);
                }
                File.Move(temporary, zkeyPath, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
            stdout.WriteLine($"wrote {zkeyPath}");
            return CommandLine.Success;
        });
    }
}
