using System.CommandLine;
using CredentialHub.CommandFiles;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>zkey verify &lt;circuit.r1cs&gt; &lt;pot.ptau&gt; &lt;circuit.zkey&gt;</summary>
internal static class ZkeyVerifyCommand
{
    internal static Command Create()
    {
        var r1cs = ArtifactFiles.Input("circuit.r1cs", "the circuit's constraints (circom .r1cs)");
        var ptau = ArtifactFiles.Input("pot.ptau", "the powers-of-tau file the key claims to come from (prepared for phase 2)");
        var zkey = ArtifactFiles.Input("circuit.zkey", "the proving key to check (snarkjs .zkey, Groth16 over BN254)");
        var command = new Command("verify", """
            Check that a proving key comes from this circuit and this powers-of-tau ceremony through its contributions,
            as snarkjs zkey verify does: the initial key is rebuilt from the r1cs and the ptau, every contribution's
            proof of knowledge and transcript is checked, and the key's sections are compared with the initial ones.
            Prints the circuit hash, the ptau's BLAKE2b-512, each contribution (name, hash; a beacon's hash and
            iterations) and "ZKey Ok!", or the first check that failed.
            Exit codes: 0 the key checks out, 1 it does not, 2 unusable input.
            """) { r1cs, ptau, zkey };
        command.SetAction(parse => Run(parse.GetRequiredValue(r1cs), parse.GetRequiredValue(ptau), parse.GetRequiredValue(zkey),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string r1csPath, string ptauPath, string zkeyPath, TextWriter stdout, TextWriter stderr)
    {
        var setup = SetupCommand.FindPhase2Setup(CommandLine.LoadPlugins(stderr), stderr);
        if (setup is null)
        {
            return CommandLine.Unusable;
        }
        return ArtifactFiles.Guard(stderr, () =>
        {
            using var r1cs = ArtifactFiles.OpenRead(r1csPath, stderr);
            using var ptau = ArtifactFiles.OpenRead(ptauPath, stderr);
            using var zkey = ArtifactFiles.OpenRead(zkeyPath, stderr);
            if (r1cs is null || ptau is null || zkey is null)
            {
                return CommandLine.Unusable;
            }
            var result = setup.VerifyKey(r1cs, r1csPath, ptau, ptauPath, zkey, zkeyPath, CancellationToken.None);
            Print(result, stdout);
            if (!result.IsValid)
            {
                stderr.WriteLine($"{zkeyPath}: INVALID: {result.Failure}");
                return CommandLine.Negative;
            }
            stdout.WriteLine("ZKey Ok!");
            return CommandLine.Success;
        });
    }

    /// <summary>What snarkjs zkey verify lists (the circuit hash, the contributions last first), and the ptau it rests on.</summary>
    internal static void Print(KeyVerification result, TextWriter stdout)
    {
        var ptau = result.PowersOfTau;
        stdout.WriteLine($"powers of tau: {ptau.Name}: 2^{ptau.Power} (cut from a ceremony of 2^{ptau.CeremonyPower}), {ptau.Contributions.Count} contribution(s)");
        stdout.WriteLine($"  BLAKE2b-512 {ptau.Blake2b512Hex}");
        stdout.WriteLine(ContributionRecord.FormatHash(result.CircuitHash, "Circuit Hash: "));
        for (int i = result.Contributions.Count - 1; i >= 0; i--)
        {
            var c = result.Contributions[i];
            stdout.WriteLine("-------------------------");
            stdout.WriteLine(ContributionRecord.FormatHash(c.Hash, $"contribution #{i + 1} {c.Name ?? ""}:"));
            if (c.Kind == ContributionKind.Beacon)
            {
                stdout.WriteLine($"Beacon generator: {c.BeaconHash}");
                stdout.WriteLine($"Beacon iterations Exp: {c.IterationsExponent}");
            }
        }
        stdout.WriteLine("-------------------------");
    }
}
