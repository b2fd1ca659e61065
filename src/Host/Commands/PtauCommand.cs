using System.CommandLine;
using CredentialHub.CommandFiles;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>ptau info &lt;pot.ptau&gt;: a powers-of-tau file checked and described.</summary>
internal static class PtauCommand
{
    internal static Command Create()
    {
        var ptau = ArtifactFiles.Input("pot.ptau", "a powers-of-tau file (snarkjs .ptau)");
        var info = new Command("info", """
            Check a powers-of-tau file (its header, every section's length against its power, every point on its curve,
            the contribution records) and describe it on standard output: power, ceremony power, whether it is prepared
            for phase 2, its contributions and the BLAKE2b-512 hash of the whole file (the hash public ceremonies list,
            as b2sum prints it, then as snarkjs prints hashes).
            Exit codes: 0 a usable file, 2 an unusable one (the message names the section and the check).
            """) { ptau };
        info.SetAction(parse => Info(parse.GetRequiredValue(ptau), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return new Command("ptau", "Powers-of-tau ceremony files (snarkjs .ptau).") { info };
    }

    private static int Info(string path, TextWriter stdout, TextWriter stderr)
    {
        var setup = SetupCommand.FindPhase2Setup(CommandLine.LoadPlugins(stderr), stderr);
        if (setup is null)
        {
            return CommandLine.Unusable;
        }
        return ArtifactFiles.Guard(stderr, () =>
        {
            using var file = ArtifactFiles.OpenRead(path, stderr);
            if (file is null)
            {
                return CommandLine.Unusable;
            }
            var info = setup.InspectPowersOfTau(file, path, CancellationToken.None);
            stdout.WriteLine($"power: {info.Power} (2^{info.Power} points)");
            stdout.WriteLine($"ceremony power: {info.CeremonyPower}");
            stdout.WriteLine($"prepared for phase 2: {(info.PreparedForPhase2 ? "yes" : "no (run snarkjs powersoftau prepare phase2 before making keys from it)")}");
            stdout.WriteLine($"contributions: {info.Contributions.Count}");
            foreach (var contribution in info.Contributions)
            {
                string kind = contribution.IsBeacon
                    ? $" (beacon {Convert.ToHexStringLower(contribution.BeaconHash!)}, 2^{contribution.BeaconIterationsExponent} iterations)"
                    : "";
                stdout.WriteLine($"  #{contribution.Number} {contribution.Name ?? "(no name)"}{kind}");
            }
            stdout.WriteLine($"blake2b-512: {info.Blake2b512Hex}");
            stdout.WriteLine(ContributionRecord.FormatHash(info.Blake2b512Hex, "File hash:"));
            return CommandLine.Success;
        });
    }
}
