using System.CommandLine;
using CredentialHub.CommandFiles;

namespace CredentialHub.Host.Commands;

/// <summary>setup &lt;circuit.r1cs&gt; &lt;circuit.zkey&gt; --insecure-dev</summary>
internal static class SetupCommand
{
    internal static Command Create()
    {
        var r1cs = ArtifactFiles.Input("circuit.r1cs", "the circuit's constraints (circom .r1cs)");
        var zkey = ArtifactFiles.Output("circuit.zkey", "where the proving key is written");
        var insecure = new Option<bool>("--insecure-dev") { Description = "required: its toxic waste was random and is discarded, but whoever ran this could have kept it and forge proofs; a production key comes from a ceremony (snarkjs)" };
        var command = new Command("setup", """
            Make an INSECURE single-party proving key, for tests and benchmarks only.
            Exit codes: 0 written, 2 unusable input or --insecure-dev missing.
            """) { r1cs, zkey, insecure };
        command.SetAction(parse => Run(parse.GetRequiredValue(r1cs), parse.GetRequiredValue(zkey), parse.GetValue(insecure), parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string r1csPath, string zkeyPath, bool insecure, TextWriter stderr)
    {
        if (!insecure)
        {
            stderr.WriteLine("setup makes a single-party key whose maker could forge proofs; say --insecure-dev to confirm it is for testing only");
            return CommandLine.Unusable;
        }
        var prover = CommandLine.FindGroth16Prover(CommandLine.LoadPlugins(stderr), stderr);
        if (prover is null)
        {
            return CommandLine.Unusable;
        }
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
            ArtifactFiles.Wrote(zkeyPath, stderr);
            return CommandLine.Success;
        });
    }
}
