using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using CredentialHub.CommandFiles;

namespace CredentialHub.Host.Commands;

/// <summary>zkey contribute &lt;in.zkey&gt; &lt;out.zkey&gt; [--name …] [--entropy …]</summary>
internal static class ZkeyContributeCommand
{
    internal static Command Create()
    {
        var input = ArtifactFiles.Input("in.zkey", "the proving key to contribute to (snarkjs .zkey, Groth16 over BN254)");
        var output = ArtifactFiles.Output("out.zkey", "where the key with the new contribution is written");
        var name = ZkeyCommand.NameOption($"the contribution's name, recorded in the key (at most {ProofSystems.Contracts.ContributionRecord.MaxNameLength} characters)");
        var entropy = new Option<string>("--entropy", "-e")
        {
            Description = "text mixed into the secret with 64 bytes of the system's randomness (default: 64 more bytes of it)",
            HelpName = "text",
        };
        var command = new Command("contribute", """
            Add a phase-2 contribution to a proving key, as snarkjs zkey contribute does.
            A fresh secret multiplies delta, the proof of knowledge of it is appended to the key's transcript, and it is forgotten.
            Prints the circuit hash and the contribution hash as snarkjs does, on standard output.
            Exit codes: 0 written, 2 unusable input.
            """) { input, output, name, entropy };
        command.SetAction(parse => Run(parse.GetRequiredValue(input), parse.GetRequiredValue(output), parse.GetValue(name), parse.GetValue(entropy),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string inputPath, string outputPath, string? name, string? entropyText, TextWriter stdout, TextWriter stderr)
    {
        var contributions = ZkeyCommand.FindContributions(stderr);
        if (contributions is null)
        {
            return CommandLine.Unusable;
        }
        byte[] entropy = entropyText is null ? RandomNumberGenerator.GetBytes(64) : Encoding.UTF8.GetBytes(entropyText);
        try
        {
            return ZkeyCommand.Write(inputPath, outputPath, stdout, stderr, circuitHash: true,
                (from, to) => contributions.Contribute(from, inputPath, to, name, entropy, CancellationToken.None));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(entropy);
        }
    }
}
