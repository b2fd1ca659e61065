using System.Buffers.Binary;
using System.Numerics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Catalog;
using CredentialHub.Circuits.Storage;
using CredentialHub.Circuits.Witness;
using CredentialHub.Groth16;
using CredentialHub.ProofSystems.Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CredentialHub.Circuits.Tests.Catalog;

/// <summary>
/// The loader refuses artifacts that do not belong together, naming the part and both values: the shipped circuits'
/// parts mixed (selective-disclosure's wasm with solvency's keys and the reverse, the other circuit's verification
/// key or r1cs), a zkey with a changed coefficient against its r1cs, a damaged r1cs, a wasm of another prime; the
/// same checks at start-up for a folder whose circuit.json names an r1cs. Runs on the real Groth16 backend.
/// </summary>
public class CircuitLoaderTests
{
    private const string Solvency = "solvency", Disclosure = "selective-disclosure";

    private static readonly Dictionary<(string, string), byte[]> Files = [];

    private static byte[] Read(string circuit, string file)
    {
        lock (Files)
        {
            if (!Files.TryGetValue((circuit, file), out var bytes))
            {
                Files[(circuit, file)] = bytes = File.ReadAllBytes(Path.Combine(Repository.Root, "circuits", circuit, file));
            }
            return bytes;
        }
    }

    private static CircuitConfiguration Configuration(string circuit) => CircuitConfiguration.Parse(Read(circuit, "circuit.json"));

    private static CircuitLoader.Artifacts Artifacts(byte[] wasm, byte[] zkey, byte[] vkey, byte[]? r1cs = null) =>
        new(wasm, Checksums.Sha256(wasm), zkey, Checksums.Sha256(zkey), vkey, Checksums.Sha256(vkey), r1cs, r1cs is null ? null : Checksums.Sha256(r1cs));

    private static CircuitLoader.Artifacts Shipped(string circuit, bool withR1cs = true) => Artifacts(
        Read(circuit, "circuit.wasm"), Read(circuit, "circuit_final.zkey"), Read(circuit, "verification_key.json"), withR1cs ? Read(circuit, "circuit.r1cs") : null);

    /// <summary>
    /// The loader, finding the shipped powers of tau the bundled (production) circuits name, and sharing the test run's
    /// remembered trusted-setup checks.
    /// </summary>
    private static CircuitLoader Loader(IWitnessEngine? engine = null) => new(new FixedProofSystems(new Groth16ProofSystem()), engine ?? WitnessEngine.Create(prepareWhenAccepted: true),
        Microsoft.Extensions.Options.Options.Create(new CircuitsModuleOptions
        {
            PtauDirectory = Repository.Path("circuits", "ptau"),
            CeremonyCacheDirectory = Path.Combine(Path.GetTempPath(), "credentialhub-tests-ceremony-checks"),
        }));

    private static CircuitIntegrityException Refused(CircuitLoader.Artifacts artifacts, string artifact, IWitnessEngine? engine = null)
    {
        var e = Assert.Throws<CircuitIntegrityException>(() => Loader(engine).Load(Configuration(Solvency), artifacts, "registered", null));
        Assert.True(e.Artifact == artifact, $"expected the refusal to name {artifact}: {e.Artifact}: {e.Message}");
        return e;
    }

    /// <summary>The counts of the shipped circuits (their zkey headers: nVars, nPublic).</summary>
    private const int SolvencyVars = 4064, SolvencyPublic = 2, DisclosureVars = 11626, DisclosurePublic = 42;

    [Theory]
    [InlineData(Solvency, SolvencyVars)]
    [InlineData(Disclosure, DisclosureVars)]
    public void A_shipped_circuit_loads_with_its_r1cs_and_its_wasm_declares_the_keys_witness_size(string circuit, int vars)
    {
        var loaded = Loader().Load(Configuration(circuit), Shipped(circuit), "bundled", null);
        Assert.Equal(vars, loaded.ProvingKey!.WitnessLength);
        Assert.Equal(vars, loaded.Witness!.WitnessLength);
        Assert.Equal(Groth16Modulus, loaded.Witness.Prime);
    }

    [Fact]
    public void Selective_disclosures_wasm_with_solvencys_keys_is_refused_naming_the_wasm()
    {
        var e = Refused(Artifacts(Read(Disclosure, "circuit.wasm"), Read(Solvency, "circuit_final.zkey"), Read(Solvency, "verification_key.json")), "wasm");
        Assert.Contains($"circuit.wasm declares {DisclosureVars} witness values; the proving key (circuit_final.zkey) expects {SolvencyVars}", e.Message);
    }

    [Fact]
    public void Solvencys_wasm_with_selective_disclosures_keys_is_refused_naming_the_wasm()
    {
        var e = Refused(Artifacts(Read(Solvency, "circuit.wasm"), Read(Disclosure, "circuit_final.zkey"), Read(Disclosure, "verification_key.json")), "wasm");
        Assert.Contains($"circuit.wasm declares {SolvencyVars} witness values; the proving key (circuit_final.zkey) expects {DisclosureVars}", e.Message);
    }

    [Fact]
    public void The_other_circuits_verification_key_is_refused_with_both_public_signal_counts()
    {
        var e = Refused(Artifacts(Read(Solvency, "circuit.wasm"), Read(Solvency, "circuit_final.zkey"), Read(Disclosure, "verification_key.json")), "vkey");
        Assert.Contains($"verification_key.json declares {DisclosurePublic} public signals; the proving key (circuit_final.zkey) has {SolvencyPublic}", e.Message);
    }

    [Fact]
    public void The_other_circuits_r1cs_is_refused_naming_the_r1cs()
    {
        var solvency = Shipped(Solvency, withR1cs: false);
        byte[] other = Read(Disclosure, "circuit.r1cs");
        var e = Refused(solvency with { R1cs = other, R1csSha256 = Checksums.Sha256(other) }, "r1cs");
        Assert.Contains($"circuit.r1cs has {DisclosureVars} wires; the proving key has {SolvencyVars} signals (nVars)", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_zkey_with_one_changed_coefficient_is_refused_against_its_r1cs_naming_the_constraint(int matrix)
    {
        var (zkey, constraint, signal) = ChangeCoefficient(Read(Solvency, "circuit_final.zkey"), matrix);
        var artifacts = Artifacts(Read(Solvency, "circuit.wasm"), zkey, Read(Solvency, "verification_key.json"), Read(Solvency, "circuit.r1cs"));
        var e = Refused(artifacts, "r1cs");
        Assert.Contains($"circuit_final.zkey was not made for circuit.r1cs: constraint {constraint}: the {(matrix == 0 ? "A" : "B")} coefficient of wire {signal} is ", e.Message);

        // Without the r1cs nothing else can tell: the key still exports the same verification key and has the same sizes.
        Loader().Load(Configuration(Solvency), artifacts with { R1cs = null, R1csSha256 = null }, "registered", null);
    }

    public static TheoryData<string> DamagedR1cs => new() { "truncated", "garbage", "empty-constraints", "huge-count", "zkey-instead" };

    [Theory]
    [MemberData(nameof(DamagedR1cs))]
    public void A_damaged_r1cs_is_refused_naming_the_r1cs(string damage)
    {
        byte[] r1cs = Read(Solvency, "circuit.r1cs");
        byte[] bytes = damage switch
        {
            "truncated" => r1cs[..(r1cs.Length / 2)],
            "garbage" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 3))],
            "empty-constraints" => Section(r1cs, 2, length => new byte[length]),
            "huge-count" => WithHeaderCount(r1cs, 60, int.MaxValue),
            "zkey-instead" => Read(Solvency, "circuit_final.zkey"),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
        var e = Refused(Shipped(Solvency, withR1cs: false) with { R1cs = bytes, R1csSha256 = Checksums.Sha256(bytes) }, "r1cs");
        Assert.Contains("circuit.r1cs", e.Message);
    }

    [Fact]
    public void A_wasm_of_another_prime_is_refused_naming_both_primes()
    {
        var bls = BigInteger.Parse("52435875175126190479447740508185965837690552500527637822603658699938581184513");
        var e = Refused(Shipped(Solvency), "wasm", new OtherPrime(WitnessEngine.Create(), bls));
        Assert.Contains($"circuit.wasm is compiled for the prime {bls}; the proving key (circuit_final.zkey, groth16 on bn128) is over the scalar field {Groth16Modulus}", e.Message);
    }

    [Fact]
    public void Configuration_r1cs_file_is_optional_and_must_name_a_file_in_the_folder()
    {
        Assert.Equal("circuit.r1cs", Configuration(Solvency).R1csFile);
        var withoutR1cs = System.Text.Json.Nodes.JsonNode.Parse(Read(Solvency, "circuit.json"))!.AsObject();
        withoutR1cs.Remove("r1cs_file");
        Assert.Null(CircuitConfiguration.Parse(System.Text.Encoding.UTF8.GetBytes(withoutR1cs.ToJsonString())).R1csFile);
        withoutR1cs["r1cs_file"] = "../solvency/circuit.r1cs";
        var e = Assert.Throws<CircuitConfigurationException>(() => CircuitConfiguration.Parse(System.Text.Encoding.UTF8.GetBytes(withoutR1cs.ToJsonString())));
        Assert.Equal("r1cs_file", e.Key);
    }

    [Fact]
    public async Task At_start_up_a_folder_whose_r1cs_does_not_match_its_key_is_refused_and_the_others_served()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"credentialhub-loader-{Guid.NewGuid():N}");
        try
        {
            Copy(Solvency, Path.Combine(directory, "intact"));

            // One A coefficient of the r1cs changed, SHA256SUMS updated: only the comparison with the key can tell.
            string changed = Path.Combine(directory, "r1cs-changed");
            Copy(Solvency, changed, "solvency-r1cs-changed");
            byte[] r1cs = Read(Solvency, "circuit.r1cs");
            var (damaged, wire) = ChangeFirstACoefficient(r1cs);
            Rewrite(changed, "circuit.r1cs", damaged);

            // circuit.json names an r1cs that SHA256SUMS does not list.
            string unlisted = Path.Combine(directory, "r1cs-unlisted");
            Copy(Solvency, unlisted, "solvency-r1cs-unlisted");
            File.WriteAllLines(Path.Combine(unlisted, "SHA256SUMS"), File.ReadAllLines(Path.Combine(unlisted, "SHA256SUMS")).Where(l => !l.EndsWith("  circuit.r1cs", StringComparison.Ordinal)));

            var catalog = new CircuitCatalog(Loader(), new InMemoryCircuitStore(), Options.Create(new CircuitsModuleOptions { CircuitsDirectory = directory }),
                NullLogger<CircuitCatalog>.Instance, NullLoggerFactory.Instance);
            catalog.LoadBundled();

            Assert.NotNull(await catalog.FindAsync(Solvency, CancellationToken.None));
            Assert.Equal(["r1cs-changed", "r1cs-unlisted"], catalog.Refused.Select(r => r.Folder).Order());
            string reason = catalog.Refused.Single(r => r.Folder == "r1cs-changed").Reason;
            Assert.Contains($"circuit_final.zkey was not made for circuit.r1cs: constraint 0: the A coefficient of wire {wire} is 2 in circuit.r1cs", reason);
            Assert.Contains("SHA256SUMS does not list circuit.r1cs", catalog.Refused.Single(r => r.Folder == "r1cs-unlisted").Reason);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_upload_with_a_mismatched_r1cs_is_refused_naming_the_r1cs_and_not_stored()
    {
        var store = new InMemoryCircuitStore();
        var catalog = new CircuitCatalog(Loader(), store, Options.Create(new CircuitsModuleOptions { CircuitsDirectory = Path.Combine(Path.GetTempPath(), "none") }),
            NullLogger<CircuitCatalog>.Instance, NullLoggerFactory.Instance);
        var configuration = System.Text.Json.Nodes.JsonNode.Parse(Read(Solvency, "circuit.json"))!.AsObject();
        configuration["id"] = "uploaded";
        byte[] json = System.Text.Encoding.UTF8.GetBytes(configuration.ToJsonString());
        var upload = new CircuitUpload(json, Read(Solvency, "circuit.wasm"), Read(Solvency, "circuit_final.zkey"), Read(Solvency, "verification_key.json"), Read(Disclosure, "circuit.r1cs"));

        var e = await Assert.ThrowsAsync<CircuitRegistrationException>(() => catalog.RegisterAsync(upload, CancellationToken.None));
        Assert.Equal("r1cs", e.Field);
        Assert.Null(await store.FindAsync("uploaded", CancellationToken.None));

        var registered = await catalog.RegisterAsync(upload with { R1cs = Read(Solvency, "circuit.r1cs") }, CancellationToken.None);
        Assert.Equal("uploaded", registered.Id);
    }

    private static readonly BigInteger Groth16Modulus = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    /// <summary>The zkey with the value of the middle section-4 entry of a matrix (inside the circuit's rows) incremented.</summary>
    private static (byte[] Zkey, int Constraint, int Signal) ChangeCoefficient(byte[] zkey, int matrix)
    {
        var (body, _) = SectionBody(zkey, 4);
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(body));
        var entries = Enumerable.Range(0, count).Select(i => body + 4 + 44 * i)
            .Where(at => BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(at)) == matrix)
            .OrderBy(at => BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(at + 4)))
            .ToList();
        // The middle one by row: the public-input rows (A only) are the highest rows, far from the middle.
        int at = entries[entries.Count / 2];
        byte[] copy = (byte[])zkey.Clone();
        var value = new BigInteger(copy.AsSpan(at + 12, 32), isUnsigned: true);
        var changed = (value + 1) % Groth16Modulus;
        copy.AsSpan(at + 12, 32).Clear();
        changed.TryWriteBytes(copy.AsSpan(at + 12, 32), out _, isUnsigned: true);
        return (copy, (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at + 4)), (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at + 8)));
    }

    /// <summary>The r1cs with the coefficient of the first A term of constraint 0 set to 2 (it is not 2 in solvency).</summary>
    private static (byte[] R1cs, int Wire) ChangeFirstACoefficient(byte[] r1cs)
    {
        var (body, _) = SectionBody(r1cs, 2);
        Assert.True(BinaryPrimitives.ReadUInt32LittleEndian(r1cs.AsSpan(body)) > 0, "constraint 0 has no A term");
        byte[] copy = (byte[])r1cs.Clone();
        var coefficient = copy.AsSpan(body + 8, 32);
        Assert.NotEqual(new BigInteger(2), new BigInteger(coefficient, isUnsigned: true));
        coefficient.Clear();
        coefficient[0] = 2;
        return (copy, (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(body + 4)));
    }

    private static byte[] WithHeaderCount(byte[] r1cs, int offset, int value)
    {
        var (body, _) = SectionBody(r1cs, 1);
        byte[] copy = (byte[])r1cs.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(body + offset), value);
        return copy;
    }

    /// <summary>The file with section <paramref name="id"/>'s body replaced by one of the same length.</summary>
    private static byte[] Section(byte[] file, int id, Func<int, byte[]> body)
    {
        var (at, length) = SectionBody(file, id);
        byte[] copy = (byte[])file.Clone();
        body(length).CopyTo(copy.AsSpan(at));
        return copy;
    }

    /// <summary>Where a section's body starts in an iden3 container (FORMATS §1), and its length.</summary>
    private static (int Body, int Length) SectionBody(byte[] file, int id)
    {
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        int position = 12;
        for (int k = 0; k < count; k++)
        {
            int sectionId = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position));
            int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(position + 4)));
            if (sectionId == id)
            {
                return (position + 12, length);
            }
            position += 12 + length;
        }
        throw new InvalidOperationException($"no section {id}");
    }

    /// <summary>Copies circuits/<paramref name="circuit"/> into <paramref name="folder"/>, optionally under another id (SHA256SUMS updated).</summary>
    private static void Copy(string circuit, string folder, string? id = null)
    {
        Directory.CreateDirectory(folder);
        foreach (string file in Directory.GetFiles(Path.Combine(Repository.Root, "circuits", circuit)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        if (id is not null)
        {
            var configuration = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllBytes(Path.Combine(folder, "circuit.json")))!.AsObject();
            configuration["id"] = id;
            Rewrite(folder, "circuit.json", System.Text.Encoding.UTF8.GetBytes(configuration.ToJsonString()));
        }
    }

    /// <summary>Replaces a file and its SHA256SUMS line.</summary>
    private static void Rewrite(string folder, string file, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(folder, file), bytes);
        string sums = Path.Combine(folder, "SHA256SUMS");
        File.WriteAllLines(sums, File.ReadAllLines(sums).Select(l => l.EndsWith("  " + file, StringComparison.Ordinal) ? $"{Checksums.Sha256(bytes)}  {file}" : l));
    }

    /// <summary>The real engine's calculators, claiming another prime.</summary>
    private sealed class OtherPrime(IWitnessEngine engine, BigInteger prime) : IWitnessEngine
    {
        public IWitnessCalculator Load(ReadOnlySpan<byte> wasm, string name) => new Calculator(engine.Load(wasm, name), prime);

        private sealed class Calculator(IWitnessCalculator inner, BigInteger prime) : IWitnessCalculator
        {
            public int WitnessLength => inner.WitnessLength;

            public BigInteger Prime => prime;

            public byte[] CalculateWtns(ReadOnlySpan<byte> inputJson, ICollection<string>? log, CancellationToken cancellationToken) =>
                inner.CalculateWtns(inputJson, log, cancellationToken);

            public ProofSystems.Contracts.Witness Calculate(IReadOnlyList<InputSignal> inputs, ICollection<string>? log, CancellationToken cancellationToken) =>
                inner.Calculate(inputs, log, cancellationToken);
        }
    }
}
