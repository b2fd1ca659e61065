using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CredentialHub.Bn254.Fields;
using CredentialHub.Groth16.Formats;
using CredentialHub.Groth16.Tests.Formats;
using Xunit.Abstractions;

namespace CredentialHub.Groth16.Tests.NativeProver;

/// <summary>
/// credentialhub-prover, the host's <c>prove</c> verb compiled ahead of time, run as the published native executable on
/// the committed snarkjs vectors: its proofs verify with snarkjs and carry the vectors' public signals, its checks
/// (<c>--r1cs</c>, <c>--verify</c>) refuse a witness that does not satisfy the circuit, its exit codes (0 proved, 1 the
/// witness does not fit or satisfy, 2 unusable input or usage) and messages name what was wrong, and what it writes has
/// the form of what the host's verb writes.
/// </summary>
public sealed class NativeProverTests(NativeProverBinary prover, ITestOutputHelper output) : IClassFixture<NativeProverBinary>
{
    private static string Vector(string circuit, string file) => Path.Combine(Vectors.Directory(circuit), file);

    private Task<ProcessResult> ProveAsync(string workingDirectory, params string[] arguments) => prover.RunAsync(workingDirectory, ["prove", .. arguments]);

    [Theory]
    [MemberData(nameof(Vectors.CircuitsAndInputs), MemberType = typeof(Vectors))]
    public async Task Proves_the_vectors_with_proofs_snarkjs_accepts(string circuit, string suffix)
    {
        using var dir = new TemporaryDirectory();
        // Relative outputs are written in the working directory, and named by their full path.
        var result = await ProveAsync(dir.Path, Vector(circuit, "circuit.zkey"), Vector(circuit, $"witness{suffix}.wtns"), "proof.json", "public.json");

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}: {result.Output}");
        Assert.Equal(File.ReadAllText(Vector(circuit, $"public{suffix}.json")), File.ReadAllText(dir.File("public.json")));
        Assert.True(await Snarkjs.VerifiesAsync(Vector(circuit, "verification_key.json"), dir.File("public.json"), dir.File("proof.json")),
            $"snarkjs rejects the native prover's {circuit} proof of witness{suffix}.wtns");
        Assert.Empty(result.Stdout);
        string[] lines = result.Stderr.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal($"wrote {dir.File("proof.json")} ({new FileInfo(dir.File("proof.json")).Length} bytes)", lines[0]);
        Assert.Equal($"wrote {dir.File("public.json")} ({new FileInfo(dir.File("public.json")).Length} bytes)", lines[1]);
        Assert.Matches(@"^proved in \d+ ms \(key loaded in \d+ ms\)$", lines[2]);
    }

    [Fact]
    public async Task R1cs_and_verify_refuse_a_witness_that_does_not_satisfy_the_circuit()
    {
        using var dir = new TemporaryDirectory();
        string zkey = Vector("poseidon", "circuit.zkey");
        string r1cs = Vector("poseidon", "circuit.r1cs");
        var good = await ProveAsync(dir.Path, zkey, Vector("poseidon", "witness2.wtns"), "proof.json", "public.json", "--r1cs", r1cs, "--verify");
        Assert.True(good.ExitCode == 0, $"exit code {good.ExitCode}: {good.Output}");
        Assert.EndsWith(", verified", good.Stderr.TrimEnd());
        Assert.Equal(File.ReadAllText(Vector("poseidon", "public2.json")), File.ReadAllText(dir.File("public.json")));

        var witness = WtnsFile.Read(Vector("poseidon", "witness.wtns"));
        witness[^1] += Fr.One;
        int unsatisfied = R1csFile.FirstUnsatisfied(R1csFile.Read(r1cs), witness);
        Assert.True(unsatisfied >= 0);
        string bad = dir.File("bad.wtns");
        WtnsFile.Write(bad, witness);

        // Unchecked, the prover proves what it is given (as snarkjs does); each check is what refuses it.
        var unverified = await ProveAsync(dir.Path, zkey, bad, "unchecked-proof.json", "unchecked-public.json");
        Assert.True(unverified.ExitCode == 0, $"exit code {unverified.ExitCode}: {unverified.Output}");

        var checkedByR1cs = await ProveAsync(dir.Path, zkey, bad, "r1cs-proof.json", "r1cs-public.json", "--r1cs", r1cs);
        Assert.Equal(1, checkedByR1cs.ExitCode);
        Assert.Contains($"{bad}: the witness does not satisfy constraint {unsatisfied} of {r1cs}", checkedByR1cs.Stderr);

        var checkedByVerify = await ProveAsync(dir.Path, zkey, bad, "verify-proof.json", "verify-public.json", "--verify");
        Assert.Equal(1, checkedByVerify.ExitCode);
        Assert.Contains($"the proof made from {bad} does not verify", checkedByVerify.Stderr);

        Assert.Equal(new[] { "bad.wtns", "proof.json", "public.json", "unchecked-proof.json", "unchecked-public.json" },
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_witness_of_another_circuit_exits_1_naming_the_counts()
    {
        using var dir = new TemporaryDirectory();
        var result = await ProveAsync(dir.Path, Vector("multi", "circuit.zkey"), Vector("poseidon", "witness.wtns"), "proof.json", "public.json");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the witness has 549 values, the proving key expects 56", result.Stderr);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task A_truncated_or_damaged_key_exits_2_naming_the_file_and_the_problem()
    {
        using var dir = new TemporaryDirectory();
        foreach (var (name, bytes, problem) in DamagedKeys())
        {
            string zkey = dir.File(name);
            File.WriteAllBytes(zkey, bytes);
            var result = await ProveAsync(dir.Path, zkey, Vector("multi", "witness.wtns"), "proof.json", "public.json");
            Assert.True(result.ExitCode == 2, $"{name}: exit code {result.ExitCode}: {result.Output}");
            Assert.Contains($"{zkey}: {problem}", result.Stderr);
            Assert.False(File.Exists(dir.File("proof.json")), name);
        }
    }

    [Fact]
    public async Task Missing_inputs_and_output_folders_exit_2_naming_the_path()
    {
        using var dir = new TemporaryDirectory();
        string zkey = Vector("multi", "circuit.zkey");
        string witness = Vector("multi", "witness.wtns");
        string absent = dir.File("absent.zkey");
        var cases = new (string[] Arguments, string Problem)[]
        {
            ([absent, witness, "proof.json", "public.json"], $"{absent}: cannot be read (no such file)"),
            ([zkey, dir.Path, "proof.json", "public.json"], $"{dir.Path}: cannot be read (a folder, not a file)"),
            ([zkey, witness, "proof.json", "public.json", "--r1cs", dir.File("absent.r1cs")], $"{dir.File("absent.r1cs")}: cannot be read (no such file)"),
            ([zkey, witness, Path.Combine("missing", "proof.json"), "public.json"], $"missing/proof.json: cannot be written: the folder {dir.File("missing")} does not exist"),
            ([zkey, witness, "proof.json", dir.File(Path.Combine("gone", "public.json"))], $"the folder {dir.File("gone")} does not exist"),
        };
        foreach (var (arguments, problem) in cases)
        {
            var result = await ProveAsync(dir.Path, arguments);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', arguments)}: exit code {result.ExitCode}: {result.Output}");
            Assert.Contains(problem, result.Stderr);
            Assert.Contains("Run 'credentialhub-prover prove --help' for the usage.", result.Stderr);
            Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        }
    }

    [Fact]
    public async Task Help_exits_0_with_the_usage()
    {
        output.WriteLine($"credentialhub-prover published in {prover.PublishTime.TotalSeconds:F1} s");
        using var dir = new TemporaryDirectory();
        var help = await prover.RunAsync(dir.Path, "--help");
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("prove <circuit.zkey> <witness.wtns> <proof.json> <public.json>", help.Stdout);

        var proveHelp = await prover.RunAsync(dir.Path, "prove", "--help");
        Assert.True(proveHelp.ExitCode == 0, proveHelp.Output);
        Assert.Contains("credentialhub-prover prove <circuit.zkey> <witness.wtns> <proof.json> <public.json> [options]", proveHelp.Stdout);
        Assert.Contains("--r1cs <circuit.r1cs>", proveHelp.Stdout);
        Assert.Contains("--verify", proveHelp.Stdout);
        Assert.Contains("Exit codes: 0 proved, 1 the witness does not fit or satisfy the circuit, 2 unusable input.", proveHelp.Stdout);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Unknown_options_commands_and_missing_arguments_exit_2()
    {
        using var dir = new TemporaryDirectory();
        string zkey = Vector("multi", "circuit.zkey");
        string witness = Vector("multi", "witness.wtns");
        var cases = new (string[] Arguments, string Problem)[]
        {
            (["prove", zkey, witness, "proof.json", "public.json", "--frobnicate"], "Unrecognized command or argument '--frobnicate'"),
            (["frobnicate"], "Unrecognized command or argument 'frobnicate'"),
            (["prove", zkey], "Required argument 'witness.wtns' missing for command: 'prove'."),
            ([], "Required command was not provided"),
        };
        foreach (var (arguments, problem) in cases)
        {
            var result = await prover.RunAsync(dir.Path, arguments);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', arguments)}: exit code {result.ExitCode}: {result.Output}");
            Assert.Contains($"credentialhub-prover: {problem}", result.Stderr);
            Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        }
    }

    [Fact]
    public async Task Writes_what_the_host_prove_verb_writes()
    {
        using var nativeDir = new TemporaryDirectory();
        using var hostDir = new TemporaryDirectory();
        string[] arguments = ["prove", Vector("poseidon", "circuit.zkey"), Vector("poseidon", "witness.wtns"), "proof.json", "public.json",
            "--r1cs", Vector("poseidon", "circuit.r1cs"), "--verify"];
        var native = await prover.RunAsync(nativeDir.Path, arguments);
        var host = await HostProcess.RunAsync(arguments, workingDirectory: hostDir.Path);
        Assert.True(native.ExitCode == 0, native.Output);
        Assert.True(host.ExitCode == 0, host.Output);

        Assert.Equal(File.ReadAllBytes(hostDir.File("public.json")), File.ReadAllBytes(nativeDir.File("public.json")));
        Assert.Equal(Shape(File.ReadAllText(hostDir.File("proof.json"))), Shape(File.ReadAllText(nativeDir.File("proof.json"))));
        foreach (var dir in new[] { hostDir, nativeDir })
        {
            Assert.True(await Snarkjs.VerifiesAsync(Vector("poseidon", "verification_key.json"), dir.File("public.json"), dir.File("proof.json")),
                $"snarkjs rejects the proof in {dir.Path}");
        }
        Assert.Equal(host.Stdout, native.Stdout);
        Assert.Equal(Normalized(host.Stderr, hostDir), Normalized(native.Stderr, nativeDir));
    }

    public static TheoryData<string> RefusedCases() => ["another circuit's witness", "damaged key", "missing key", "missing output folder"];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task Refuses_what_the_host_prove_verb_refuses_with_its_exit_code_and_message(string refused)
    {
        using var dir = new TemporaryDirectory();
        string damaged = dir.File("damaged.zkey");
        File.WriteAllBytes(damaged, DamagedKeys().First(k => k.Name == "off-curve.zkey").Bytes);
        string[] arguments = refused switch
        {
            "another circuit's witness" => [Vector("multi", "circuit.zkey"), Vector("nopublic", "witness.wtns"), dir.File("p.json"), dir.File("s.json")],
            "damaged key" => [damaged, Vector("multi", "witness.wtns"), dir.File("p.json"), dir.File("s.json")],
            "missing key" => [dir.File("absent.zkey"), Vector("multi", "witness.wtns"), dir.File("p.json"), dir.File("s.json")],
            _ => [Vector("multi", "circuit.zkey"), Vector("multi", "witness.wtns"), dir.File(Path.Combine("missing", "p.json")), dir.File("s.json")],
        };
        var native = await prover.RunAsync(dir.Path, ["prove", .. arguments]);
        var host = await HostProcess.RunAsync(["prove", .. arguments], workingDirectory: dir.Path);
        Assert.True(host.ExitCode is 1 or 2, $"host: exit code {host.ExitCode}: {host.Output}");
        Assert.True(native.ExitCode == host.ExitCode, $"native exit code {native.ExitCode}, host {host.ExitCode}: {native.Output}");
        // Parse errors carry the program's prefix ("credentialhub-prover: " against the host's "prove: "); the problem is the same.
        Assert.Equal(Problem(host.Stderr, "prove: "), Problem(native.Stderr, "credentialhub-prover: "));
        Assert.Equal(new[] { damaged }, Directory.GetFiles(dir.Path));
    }

    /// <summary>The multi key empty, cut short and damaged in each kind of section read in place, with the problem each is refused for.</summary>
    private static IEnumerable<(string Name, byte[] Bytes, string Problem)> DamagedKeys()
    {
        byte[] original = Vectors.Read("multi", "circuit.zkey");
        var layout = new ContainerLayout(original);

        yield return ("truncated.zkey", original[..(layout.BodyOffset(7) + 100)], $"section 7: length {layout.Length(7)} runs past the end of the file");

        // Nothing to map: refused by the container's header before the file is mapped.
        yield return ("empty.zkey", [], "the file is 0 bytes long, shorter than the 12-byte header");

        var coefficient = (byte[])original.Clone();
        coefficient.AsSpan(layout.BodyOffset(4) + 4 + 44 + 12, 32).Fill(0xff);
        yield return ("coefficient.zkey", coefficient, "section 4: coefficient[1]: value is not below r");

        var offCurve = (byte[])original.Clone();
        int c = FirstNonIdentity(original, layout.BodyOffset(8), 64);
        offCurve[layout.BodyOffset(8) + c * 64 + 32] ^= 0x01;
        yield return ("off-curve.zkey", offCurve, $"section 8: C[{c}]: is not on the curve y² = x³ + 3");

        var twist = (byte[])original.Clone();
        Fp.Modulus.ToByteArray(isUnsigned: true, isBigEndian: false).CopyTo(twist.AsSpan(layout.BodyOffset(7) + 3 * 128 + 32));
        yield return ("non-canonical.zkey", twist, "section 7: B2[3]: x.c1 is not below q");
    }

    private static int FirstNonIdentity(byte[] bytes, int body, int size)
    {
        for (int i = 0; ; i++)
        {
            if (bytes.AsSpan(body + i * size, size).ContainsAnyExcept((byte)0))
            {
                return i;
            }
        }
    }

    /// <summary>A proof document with every field element replaced by "#": its members, nesting and constants.</summary>
    private static string Shape(string json)
    {
        static JsonNode? Replace(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Replace(p.Value)))),
            JsonArray a => new JsonArray([.. a.Select(Replace)]),
            JsonValue v when v.TryGetValue(out string? s) && Regex.IsMatch(s, "^[0-9]{2,}$") => JsonValue.Create("#"),
            _ => node?.DeepClone(),
        };
        return Replace(JsonNode.Parse(json))!.ToJsonString();
    }

    /// <summary>Standard error with the working directory, the timings and the proof's size (its numbers' lengths vary) taken out.</summary>
    private static string Normalized(string stderr, TemporaryDirectory dir) =>
        Regex.Replace(Regex.Replace(stderr.Replace(dir.Path, "<dir>", StringComparison.Ordinal), @"\d+ ms", "N ms"), @"proof\.json \(\d+ bytes\)", "proof.json (N bytes)");

    /// <summary>The first line of standard error, without the program's prefix.</summary>
    private static string Problem(string stderr, string prefix)
    {
        string first = stderr.Split('\n')[0];
        Assert.False(string.IsNullOrWhiteSpace(first), "nothing on standard error");
        return first.StartsWith(prefix, StringComparison.Ordinal) ? first[prefix.Length..] : first;
    }
}
