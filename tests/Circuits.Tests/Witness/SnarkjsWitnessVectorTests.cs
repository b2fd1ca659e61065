using System.Diagnostics;
using System.Numerics;
using System.Text;
using CredentialHub.Circuits.Witness;

namespace CredentialHub.Circuits.Tests.Witness;

/// <summary>
/// Witness vectors under tests/Circuits.Tests/vectors/{circuit}/O{k}/ (circuit.wasm compiled by circom 2.2.3 at
/// --O0/--O1/--O2, witness.wtns from <c>snarkjs wtns calculate</c> on {circuit}/input.json); see
/// vectors/SOURCE.md and vectors/generate.sh. Files are read from the source tree, found by walking up to the
/// folder holding CredentialHub.sln.
/// </summary>
public class SnarkjsWitnessVectorTests
{
    private static readonly string[] Circuits = ["poseidon", "eddsa", "sha256", "comparators", "num2bits", "matrix", "recursion"];
    private static readonly string[] Levels = ["O0", "O1", "O2"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var circuit in Circuits)
        {
            foreach (var level in Levels)
            {
                data.Add(circuit, level);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Witness_matches_snarkjs_byte_for_byte(string circuit, string level)
    {
        var calculator = new CircomWitnessCalculator(Read(circuit, level, "circuit.wasm"), $"{circuit}/{level}/circuit.wasm");

        var witness = calculator.Calculate(Read(circuit, "input.json"), CancellationToken.None);

        AssertSameWtns(Read(circuit, level, "witness.wtns"), WtnsWriter.Write(witness));
    }

    [Theory]
    [MemberData(nameof(LevelCases))]
    public void Sha256_outputs_are_the_digest_of_the_input_message(string level)
    {
        var witness = Calculate("sha256", level);
        var digest = System.Security.Cryptography.SHA256.HashData("zkproof!"u8);

        for (var i = 0; i < 256; i++)
        {
            var bit = (digest[i / 8] >> (7 - (i % 8))) & 1;
            Assert.Equal(new BigInteger(bit), witness[1 + i]);
        }
    }

    [Theory]
    [MemberData(nameof(LevelCases))]
    public void Matrix_outputs_are_the_product_modulo_r(string level)
    {
        var witness = Calculate("matrix", level);

        Assert.Equal([new BigInteger(150), new BigInteger(382), new BigInteger(406)], witness.Skip(1).Take(3));
    }

    public static TheoryData<string> LevelCases() => new(Levels);

    [Fact]
    public void Witness_matches_a_live_snarkjs_run_on_fresh_input()
    {
        var root = Repository.Root;
        var snarkjs = Path.Combine(root, "node_modules", "snarkjs", "build", "cli.cjs");
        Assert.True(File.Exists(snarkjs) && HasNode(), $"snarkjs is missing ({snarkjs}) or node is not on PATH; run `npm ci` at the repository root");

        var a = (uint)Random.Shared.NextInt64(0, 1L << 32);
        var b = (uint)Random.Shared.NextInt64(0, 1L << 32);
        var input = Encoding.UTF8.GetBytes($"{{\"a\": \"{a}\", \"b\": \"{b}\"}}");
        var tmp = Directory.CreateTempSubdirectory("ch-wtns-live-");
        try
        {
            var wasm = Path.Combine(Vectors(), "comparators", "O2", "circuit.wasm");
            var inputFile = Path.Combine(tmp.FullName, "input.json");
            var wtnsFile = Path.Combine(tmp.FullName, "witness.wtns");
            File.WriteAllBytes(inputFile, input);

            var (exitCode, output) = Run("node", root, snarkjs, "wtns", "calculate", wasm, inputFile, wtnsFile);
            Assert.True(exitCode == 0, $"snarkjs wtns calculate failed ({exitCode}) for a={a}, b={b}: {output}");

            var ours = new CircomWitnessCalculator(File.ReadAllBytes(wasm), "comparators/O2/circuit.wasm")
                .Calculate(input, CancellationToken.None);

            Assert.Equal(a < b ? BigInteger.One : BigInteger.Zero, ours[1]);
            Assert.Equal(a >= b ? BigInteger.One : BigInteger.Zero, ours[2]);
            AssertSameWtns(File.ReadAllBytes(wtnsFile), WtnsWriter.Write(ours));
        }
        finally
        {
            tmp.Delete(recursive: true);
        }
    }

    private static BigInteger[] Calculate(string circuit, string level) =>
        new CircomWitnessCalculator(Read(circuit, level, "circuit.wasm"), $"{circuit}/{level}/circuit.wasm")
            .Calculate(Read(circuit, "input.json"), CancellationToken.None);

    private static void AssertSameWtns(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }
        var length = Math.Min(expected.Length, actual.Length);
        var first = 0;
        while (first < length && expected[first] == actual[first])
        {
            first++;
        }
        Assert.Fail($"wtns differs at byte {first} (lengths {expected.Length} vs {actual.Length})");
    }

    private static bool HasNode()
    {
        try
        {
            return Run("node", Repository.Root, "--version").ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int ExitCode, string Output) Run(string file, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 2 minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static byte[] Read(string circuit, string file) => File.ReadAllBytes(Path.Combine(Vectors(), circuit, file));

    private static byte[] Read(string circuit, string level, string file) =>
        File.ReadAllBytes(Path.Combine(Vectors(), circuit, level, file));

    private static string Vectors() => Path.Combine(Repository.Root, "tests", "Circuits.Tests", "vectors");
}
