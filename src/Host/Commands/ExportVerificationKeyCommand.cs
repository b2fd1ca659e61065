using System.CommandLine;
using CredentialHub.CommandFiles;

namespace CredentialHub.Host.Commands;

/// <summary>export-vkey &lt;circuit.zkey&gt; &lt;verification_key.json&gt;</summary>
internal static class ExportVerificationKeyCommand
{
    internal static Command Create()
    {
        var zkey = ArtifactFiles.Input("circuit.zkey", "the proving key (snarkjs .zkey)");
        var vkey = ArtifactFiles.Output("verification_key.json", "where the verification key is written");
        var command = new Command("export-vkey", """
            Write the verification key of a proving key, as snarkjs writes it.
            Exit codes: 0 written, 2 unusable input.
            """) { zkey, vkey };
        command.SetAction(parse => Run(parse.GetRequiredValue(zkey), parse.GetRequiredValue(vkey), parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string zkeyPath, string vkeyPath, TextWriter stderr)
    {
        var prover = CommandLine.FindGroth16Prover(CommandLine.LoadPlugins(stderr), stderr);
        if (prover is null)
        {
            return CommandLine.Unusable;
        }
        return ArtifactFiles.Guard(stderr, () =>
        {
            using var zkey = ArtifactFiles.OpenRead(zkeyPath, stderr);
            if (zkey is null)
            {
                return CommandLine.Unusable;
            }
            string json = prover.ExportVerificationKey(prover.LoadProvingKey(zkey, zkeyPath));
            return ArtifactFiles.TryWrite(vkeyPath, json, stderr) ? CommandLine.Success : CommandLine.Unusable;
        });
    }
}
