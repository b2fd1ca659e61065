using System.CommandLine;
using System.Globalization;
using CredentialHub.CommandFiles;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>zkey beacon &lt;in.zkey&gt; &lt;out.zkey&gt; &lt;beacon-hash&gt; &lt;iterations-exp&gt; [--name …]</summary>
internal static class ZkeyBeaconCommand
{
    internal static Command Create()
    {
        var input = ArtifactFiles.Input("in.zkey", "the proving key to contribute to (snarkjs .zkey, Groth16 over BN254)");
        var output = ArtifactFiles.Output("out.zkey", "where the key with the beacon is written");
        var beacon = new Argument<string>("beacon-hash")
        {
            Description = $"the beacon's value in hex (1 to {ContributionRecord.MaxBeaconHashBytes} bytes, e.g. a future block hash)",
        };
        beacon.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && BeaconProblem(text) is { } problem)
            {
                result.AddError(problem);
            }
        });
        var exponent = new Argument<int>("iterations-exp")
        {
            Description = $"the beacon hash is hashed 2^iterations-exp times with SHA-256 ({ContributionRecord.MinIterationsExponent} to {ContributionRecord.MaxIterationsExponent})",
            CustomParser = result =>
            {
                string text = result.Tokens[0].Value;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
                    && value is >= ContributionRecord.MinIterationsExponent and <= ContributionRecord.MaxIterationsExponent)
                {
                    return value;
                }
                result.AddError($"iterations-exp '{text}' is not a whole number from {ContributionRecord.MinIterationsExponent} to {ContributionRecord.MaxIterationsExponent}");
                return 0;
            },
        };
        var name = ZkeyCommand.NameOption($"the beacon's name, recorded in the key (at most {ContributionRecord.MaxNameLength} characters)");
        var command = new Command("beacon", """
            Add the final, public contribution of a ceremony, as snarkjs zkey beacon does.
            Its secret comes from the beacon hash: anyone can apply it again and get the same key byte for byte.
            Prints the contribution hash as snarkjs does, on standard output.
            Exit codes: 0 written, 2 unusable input.
            """) { input, output, beacon, exponent, name };
        command.SetAction(parse =>
        {
            string inputPath = parse.GetRequiredValue(input);
            var stderr = parse.InvocationConfiguration.Error;
            var contributions = ZkeyCommand.FindContributions(stderr);
            if (contributions is null)
            {
                return CommandLine.Unusable;
            }
            byte[] hash = Convert.FromHexString(parse.GetRequiredValue(beacon));
            int iterations = parse.GetValue(exponent);
            string? label = parse.GetValue(name);
            return ZkeyCommand.Write(inputPath, parse.GetRequiredValue(output), parse.InvocationConfiguration.Output, stderr, circuitHash: false,
                (from, to) => contributions.Beacon(from, inputPath, to, label, hash, iterations, CancellationToken.None));
        });
        return command;
    }

    /// <summary>What is wrong with a beacon hash as given (snarkjs takes hex digits only, an even number of them, up to 255 bytes).</summary>
    internal static string? BeaconProblem(string text) =>
        text.Length == 0 ? "the beacon hash is empty; give it in hex"
        : text.Any(c => !char.IsAsciiHexDigit(c)) ? $"the beacon hash '{text}' is not hexadecimal (digits 0-9 and a-f only, no 0x)"
        : text.Length % 2 != 0 ? $"the beacon hash '{text}' has an odd number of hex digits ({text.Length})"
        : text.Length / 2 > ContributionRecord.MaxBeaconHashBytes ? $"the beacon hash is {text.Length / 2} bytes; at most {ContributionRecord.MaxBeaconHashBytes}"
        : null;
}
