using System.CommandLine;
using CredentialHub.CommandFiles;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Commands;

/// <summary>
/// setup &lt;circuit.r1cs&gt; &lt;pot.ptau&gt; &lt;circuit_0000.zkey&gt; (the initial key of a ceremony, as
/// <c>snarkjs groth16 setup</c> makes it), or setup &lt;circuit.r1cs&gt; &lt;circuit.zkey&gt; --insecure-dev (a
/// single-party development key).
/// </summary>
internal static class SetupCommand
{
    internal static Command Create()
    {
        var r1cs = ArtifactFiles.Input("circuit.r1cs", "the circuit's constraints (circom .r1cs)");
        var ptau = new Argument<string?>("pot.ptau")
        {
            Description = "a powers-of-tau file prepared for phase 2 (snarkjs powersoftau prepare phase2); with --insecure-dev, the key to write instead",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var zkey = new Argument<string?>("circuit.zkey")
        {
            Description = "where the proving key is written (the ceremony's initial key, circuit_0000.zkey, to contribute to)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var insecure = new Option<bool>("--insecure-dev") { Description = "make a single-party key instead, for tests and benchmarks only: its toxic waste was random and is discarded, but whoever ran this could have kept it and forge proofs; a production key comes from a ceremony (a ptau)" };
        var command = new Command("setup", """
            Make a circuit's proving key: from a powers-of-tau ceremony, the initial phase-2 key, byte for byte what
            `snarkjs groth16 setup` writes (contribute to it with snarkjs zkey contribute / zkey beacon); or, with
            --insecure-dev and no ptau (setup <circuit.r1cs> <circuit.zkey> --insecure-dev), an INSECURE single-party key.
            Exit codes: 0 written, 2 unusable input (a ptau not prepared for phase 2 or too small for the circuit) or usage.
            """) { r1cs, ptau, zkey, insecure };
        command.Validators.Add(result =>
        {
            string? second = result.GetValue(ptau);
            string? third = result.GetValue(zkey);
            bool dev = result.GetValue(insecure);
            if (second is null)
            {
                result.AddError("Required argument 'circuit.zkey' missing (setup <circuit.r1cs> <pot.ptau> <circuit.zkey>, or setup <circuit.r1cs> <circuit.zkey> --insecure-dev)");
            }
            else if (dev && third is not null)
            {
                result.AddError("give a ptau or --insecure-dev, not both: a key from a ceremony is made from the ptau, a development key from nothing");
            }
            else if (dev || third is null)
            {
                AddProblem(result, ArtifactFiles.OutputProblem(second));
            }
            else
            {
                AddProblem(result, ArtifactFiles.InputProblem(second));
                AddProblem(result, ArtifactFiles.OutputProblem(third));
            }
        });
        command.SetAction(parse =>
        {
            string r1csPath = parse.GetRequiredValue(r1cs);
            string second = parse.GetValue(ptau)!;
            return parse.GetValue(zkey) is { } third
                ? RunCeremony(r1csPath, second, third, parse.InvocationConfiguration.Error)
                : RunInsecure(r1csPath, second, parse.GetValue(insecure), parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static void AddProblem(System.CommandLine.Parsing.CommandResult result, string? problem)
    {
        if (problem is not null)
        {
            result.AddError(problem);
        }
    }

    private static int RunCeremony(string r1csPath, string ptauPath, string zkeyPath, TextWriter stderr)
    {
        var setup = FindPhase2Setup(CommandLine.LoadPlugins(stderr), stderr);
        if (setup is null)
        {
            return CommandLine.Unusable;
        }
        return ArtifactFiles.Guard(stderr, () =>
        {
            using var r1cs = ArtifactFiles.OpenRead(r1csPath, stderr);
            using var ptau = ArtifactFiles.OpenRead(ptauPath, stderr);
            if (r1cs is null || ptau is null)
            {
                return CommandLine.Unusable;
            }
            InitialKeyInfo made = WriteAtomically(zkeyPath, zkey => setup.CreateInitialKey(r1cs, r1csPath, ptau, ptauPath, zkey, CancellationToken.None));
            stderr.WriteLine($"domain 2^{made.DomainPower}, from powers of tau 2^{made.PtauPower}");
            stderr.WriteLine(ContributionRecord.FormatHash(Convert.ToHexStringLower(made.CircuitHash), "Circuit hash: "));
            ArtifactFiles.Wrote(zkeyPath, stderr);
            return CommandLine.Success;
        });
    }

    private static int RunInsecure(string r1csPath, string zkeyPath, bool insecure, TextWriter stderr)
    {
        if (!insecure)
        {
            stderr.WriteLine("setup makes a single-party key whose maker could forge proofs; say --insecure-dev to confirm it is for testing only, or give a ptau (setup <circuit.r1cs> <pot.ptau> <circuit.zkey>) for a key from a ceremony");
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
            WriteAtomically(zkeyPath, zkey =>
            {
                prover.CreateInsecureDevelopmentKey(r1cs, r1csPath, zkey, CancellationToken.None);
                return 0;
            });
            ArtifactFiles.Wrote(zkeyPath, stderr);
            return CommandLine.Success;
        });
    }

    /// <summary>Writes the key beside its path first and moves it into place once complete; a failure leaves nothing.</summary>
    private static T WriteAtomically<T>(string zkeyPath, Func<Stream, T> write)
    {
        string temporary = zkeyPath + ".partial";
        try
        {
            T result;
            using (var zkey = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                result = write(zkey);
            }
            File.Move(temporary, zkeyPath, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The plugin that makes keys from a powers-of-tau ceremony; null, said on standard error, when none is loaded.</summary>
    internal static IPhase2Setup? FindPhase2Setup(Plugins.ProofSystemCatalog catalog, TextWriter stderr)
    {
        if (catalog.ProofSystems.OfType<IPhase2Setup>().FirstOrDefault() is { } setup)
        {
            return setup;
        }
        stderr.WriteLine($"no proof-system plugin makes keys from a powers-of-tau ceremony (plugins directory: {catalog.Directory})");
        return null;
    }
}
