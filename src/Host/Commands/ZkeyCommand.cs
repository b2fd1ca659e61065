using System.CommandLine;
using CredentialHub.CommandFiles;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>
/// The <c>zkey</c> verb, snarkjs's <c>zkey</c> commands on proving keys: <c>contribute</c> and <c>beacon</c> (phase-2
/// contributions, <see cref="ZkeyContributeCommand"/>, <see cref="ZkeyBeaconCommand"/>), <c>verify</c> (<see cref="ZkeyVerifyCommand"/>) and <c>export-vkey</c> (the
/// same verb as the top-level <c>export-vkey</c>). What they share: finding the plugin that makes contributions, the
/// name option, writing the new key through a temporary file, and printing hashes as snarkjs prints them.
/// </summary>
internal static class ZkeyCommand
{
    internal static Command Create() => new("zkey", """
        Work on proving keys (snarkjs .zkey) as snarkjs's zkey commands do.
        Phase-2 contributions of a trusted-setup ceremony, their verification, and the verification key.
        Exit codes: 0 done, 1 a key that does not verify (zkey verify), 2 unusable input or usage.
        """)
    {
        ZkeyContributeCommand.Create(),
        ZkeyBeaconCommand.Create(),
        ZkeyVerifyCommand.Create(),
        ExportVerificationKeyCommand.Create(),
    };

    /// <summary><c>--name</c>: the contribution's name, refused while parsing when the key format cannot keep it whole.</summary>
    internal static Option<string> NameOption(string description)
    {
        var name = new Option<string>("--name", "-n") { Description = description, HelpName = "name" };
        name.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { Length: > ContributionRecord.MaxNameLength } text)
            {
                result.AddError($"--name is {text.Length} characters long; a key keeps at most {ContributionRecord.MaxNameLength}");
            }
        });
        return name;
    }

    /// <summary>The loaded plugin that makes Groth16 contributions; null, said on standard error, when there is none.</summary>
    internal static IKeyContributions? FindContributions(TextWriter stderr)
    {
        var catalog = CommandLine.LoadPlugins(stderr);
        if (catalog.ProofSystems.Where(s => s.Protocol == "groth16").OfType<IKeyContributions>().FirstOrDefault() is { } contributions)
        {
            return contributions;
        }
        stderr.WriteLine($"no proof-system plugin can contribute to groth16 keys (plugins directory: {catalog.Directory})");
        return null;
    }

    /// <summary>
    /// Reads <paramref name="inputPath"/> and has <paramref name="contribute"/> write the new key to a temporary file beside
    /// <paramref name="outputPath"/>, moved into place once complete (the input may be the output); prints the
    /// contribution's hash as snarkjs does, on standard output.
    /// </summary>
    internal static int Write(string inputPath, string outputPath, TextWriter stdout, TextWriter stderr, bool circuitHash,
        Func<Stream, Stream, ContributionRecord> contribute) =>
        ArtifactFiles.Guard(stderr, () =>
        {
            ContributionRecord record;
            string temporary = outputPath + ".partial";
            try
            {
                using (var input = ArtifactFiles.OpenRead(inputPath, stderr))
                {
                    if (input is null)
                    {
                        return CommandLine.Unusable;
                    }
                    using var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    record = contribute(input, output);
                }
                File.Move(temporary, outputPath, overwrite: true);
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine(e.Message);
                return CommandLine.Unusable;
            }
            finally
            {
                File.Delete(temporary);
            }
            ArtifactFiles.Wrote(outputPath, stderr);
            if (circuitHash)
            {
                stdout.WriteLine(ContributionRecord.FormatHash(record.CircuitHash, "Circuit Hash: "));
            }
            stdout.WriteLine(ContributionRecord.FormatHash(record.Hash, "Contribution Hash: "));
            return CommandLine.Success;
        });
}
