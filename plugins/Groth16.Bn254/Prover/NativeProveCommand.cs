using System.CommandLine;
using System.CommandLine.Help;
using System.Diagnostics;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Prover;

/// <summary>
/// <c>credentialhub-prover prove &lt;circuit.zkey&gt; &lt;witness.wtns&gt; &lt;proof.json&gt; &lt;public.json&gt; [--r1cs &lt;circuit.r1cs&gt;] [--verify]</c>:
/// the host's <c>prove</c> verb without the host. The same plugin code proves (<see cref="Groth16ProofSystem"/>, linked in
/// rather than loaded), with the same arguments, files, messages and exit codes: 0 proved, 1 the witness does not fit or
/// satisfy the circuit, 2 unusable input or usage. Compiled ahead of time, so a one-shot proof pays no runtime start-up
/// or JIT.
/// </summary>
internal static class NativeProveCommand
{
    internal const int Success = 0;
    internal const int Negative = 1;
    internal const int Unusable = 2;

    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parse = CreateRoot().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"credentialhub-prover: {error.Message}");
            }
            stderr.WriteLine("Run 'credentialhub-prover prove --help' for the usage.");
            return Unusable;
        }
        return parse.Invoke(invocation);
    }

    private static RootCommand CreateRoot()
    {
        var zkey = Input("circuit.zkey", "the proving key (snarkjs .zkey)");
        var witness = Input("witness.wtns", "the witness (snarkjs .wtns)");
        var proof = Output("proof.json", "where the proof is written");
        var publicSignals = Output("public.json", "where the public signals are written");
        var r1cs = new Option<string>("--r1cs") { Description = "first check the witness against the circuit's constraints", HelpName = "circuit.r1cs" };
        r1cs.Validators.Add(result => Check(result, result.GetValueOrDefault<string>(), InputProblem));
        var verify = new Option<bool>("--verify") { Description = "check the proof before writing it" };
        var prove = new Command("prove", """
            Make a Groth16 proof from a proving key and a witness (snarkjs/rapidsnark argument order).
            Exit codes: 0 proved, 1 the witness does not fit or satisfy the circuit, 2 unusable input.
            """) { zkey, witness, proof, publicSignals, r1cs, verify };
        prove.SetAction(parse => Prove(parse.GetRequiredValue(zkey), parse.GetRequiredValue(witness), parse.GetRequiredValue(proof),
            parse.GetRequiredValue(publicSignals), parse.GetValue(r1cs), parse.GetValue(verify), parse.InvocationConfiguration.Error));
        return new RootCommand("credentialhub-prover: CredentialHub's Groth16/BN254 prover (snarkjs-compatible) compiled ahead of time.") { prove };
    }

    private static int Prove(string zkeyPath, string witnessPath, string proofPath, string publicPath, string? r1csPath, bool verify, TextWriter stderr)
    {
        IProver prover = new Groth16ProofSystem();
        try
        {
            using var zkey = OpenRead(zkeyPath, stderr);
            using var witness = OpenRead(witnessPath, stderr);
            using var r1cs = r1csPath is null ? null : OpenRead(r1csPath, stderr);
            if (zkey is null || witness is null || (r1csPath is not null && r1cs is null))
            {
                return Unusable;
            }
            var clock = Stopwatch.StartNew();
            var key = prover.LoadProvingKey(zkey, zkeyPath);
            var loaded = clock.Elapsed;
            var artifacts = prover.Prove(key, witness, witnessPath, new ProveOptions(r1cs, r1csPath, verify), CancellationToken.None);
            var proved = clock.Elapsed - loaded;
            if (!TryWrite(proofPath, artifacts.ProofJson, stderr) || !TryWrite(publicPath, artifacts.PublicSignalsJson, stderr))
            {
                return Unusable;
            }
            stderr.WriteLine($"proved in {proved.TotalMilliseconds:F0} ms (key loaded in {loaded.TotalMilliseconds:F0} ms){(verify ? ", verified" : "")}");
            return Success;
        }
        catch (ArtifactFormatException e)
        {
            stderr.WriteLine(e.Message);
            return Unusable;
        }
        catch (ProvingException e)
        {
            stderr.WriteLine(e.Message);
            return Negative;
        }
        catch (IOException e)
        {
            stderr.WriteLine(e.Message);
            return Unusable;
        }
    }

    private static Argument<string> Input(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result => Check(result, result.GetValueOrDefault<string>(), InputProblem));
        return argument;
    }

    private static Argument<string> Output(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result => Check(result, result.GetValueOrDefault<string>(), OutputProblem));
        return argument;
    }

    private static void Check(System.CommandLine.Parsing.SymbolResult result, string? path, Func<string, string?> problem)
    {
        if (path is not null && problem(path) is { } message)
        {
            result.AddError(message);
        }
    }

    private static string? InputProblem(string path) =>
        File.Exists(path) ? null
            : Directory.Exists(path) ? $"{path}: cannot be read (a folder, not a file)"
            : $"{path}: cannot be read (no such file)";

    private static string? OutputProblem(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{path}: cannot be written ({e.Message})";
        }
        if (Directory.Exists(full))
        {
            return $"{path}: cannot be written (a folder, not a file)";
        }
        string? folder = Path.GetDirectoryName(full);
        return folder is null || Directory.Exists(folder) ? null : $"{path}: cannot be written: the folder {folder} does not exist";
    }

    private static FileStream? OpenRead(string path, TextWriter stderr)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{path}: cannot be read ({e.Message})");
            return null;
        }
    }

    private static bool TryWrite(string path, string text, TextWriter stderr)
    {
        try
        {
            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{path}: cannot be written ({e.Message})");
            return false;
        }
        stderr.WriteLine($"wrote {Path.GetFullPath(path)} ({new FileInfo(path).Length} bytes)");
        return true;
    }
}
