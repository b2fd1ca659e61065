using System.Text;
using System.Text.Json.Nodes;
using CredentialHub.Circuits.Catalog;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Storage;
using CredentialHub.Circuits.Witness;
using CredentialHub.Groth16;
using CredentialHub.ProofSystems.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Circuits.Tests.Catalog;

/// <summary>
/// The circuit catalog in process, on the real loader (Groth16 backend, compiled witness engine) and the in-memory
/// store, with the small snarkjs vector <c>multi</c> as the circuit: bundled folders are loaded and checked (SHA256SUMS,
/// circuit.json, ids) and refused with their reason while the others are served; registered circuits are immutable,
/// shared through the store with other instances and refused by id when they no longer pass; circuits out of service
/// carry the remedy for where they came from; the health check reports all of it.
/// </summary>
public sealed class CircuitCatalogTests : IDisposable
{
    private static readonly string[] ArtifactFiles = ["circuit.wasm", "circuit.zkey", "verification_key.json"];

    private readonly TemporaryDirectory _circuits = new("credentialhub-catalog-");

    public void Dispose() => _circuits.Dispose();

    private static byte[] Vector(string file) => File.ReadAllBytes(Repository.Path("tests", "Groth16.Tests", "vectors", "multi", file));

    private static byte[] Configuration(string id, string securityLevel = "development") => Encoding.UTF8.GetBytes($$"""
        { "id": "{{id}}", "description": "the snarkjs vector multi", "wasm_file": "circuit.wasm", "zkey_file": "circuit.zkey",
          "vkey_file": "verification_key.json", "max_attributes": 0, "security_level": "{{securityLevel}}" }
        """);

    private static CircuitUpload Upload(string id) => new(Configuration(id), Vector("circuit.wasm"), Vector("circuit.zkey"), Vector("verification_key.json"));

    /// <summary>A bundled circuit's folder as an operator writes it: circuit.json, the artifacts and SHA256SUMS of all of them.</summary>
    private string Folder(string name, string id)
    {
        string folder = Path.Combine(_circuits.Path, name);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, CircuitConfiguration.FileName), Configuration(id));
        foreach (string file in ArtifactFiles)
        {
            File.WriteAllBytes(Path.Combine(folder, file), Vector(file));
        }
        File.WriteAllLines(Path.Combine(folder, Checksums.FileName),
            ArtifactFiles.Append(CircuitConfiguration.FileName).Select(file => $"{Checksums.Sha256(File.ReadAllBytes(Path.Combine(folder, file)))}  {file}"));
        return folder;
    }

    private CircuitCatalog Catalog(ICircuitStore? store = null, TestLoggerFactory? loggers = null, IProofSystemCatalog? proofSystems = null)
    {
        loggers ??= new TestLoggerFactory();
        var catalog = new CircuitCatalog(
            new CircuitLoader(proofSystems ?? new FixedProofSystems(new Groth16ProofSystem()), WitnessEngine.Create(prepareWhenAccepted: true), Options.Create(new CircuitsModuleOptions())),
            store ?? new InMemoryCircuitStore(),
            Options.Create(new CircuitsModuleOptions { CircuitsDirectory = _circuits.Path }),
            loggers.CreateLogger<CircuitCatalog>(),
            loggers);
        catalog.LoadBundled();
        return catalog;
    }

    [Fact]
    public async Task Bundled_folders_are_loaded_and_listed_with_the_registered_circuits_in_id_order()
    {
        Folder("second", "bundled-b");
        Folder("first", "bundled-a");
        Directory.CreateDirectory(Path.Combine(_circuits.Path, "notes"));
        File.WriteAllText(Path.Combine(_circuits.Path, "notes", "README"), "not a circuit: no circuit.json");
        var catalog = Catalog();

        var registered = await catalog.RegisterAsync(Upload("middle"), CancellationToken.None);

        Assert.Empty(catalog.Refused);
        var listed = await catalog.ListAsync(CancellationToken.None);
        Assert.Equal(["bundled-a", "bundled-b", "middle"], listed.Select(c => c.Id));
        Assert.Equal(["bundled", "bundled", "registered"], listed.Select(c => c.Origin));
        var bundled = (await catalog.FindAsync("bundled-a", CancellationToken.None))!;
        Assert.Null(bundled.RegisteredAt);
        Assert.NotNull(registered.RegisteredAt);
        Assert.Equal(("groth16", "bn128", 5), (bundled.Protocol, bundled.Curve, bundled.PublicSignalCount));
        Assert.Equal(Checksums.Sha256(Vector("circuit.zkey")), bundled.Artifacts["zkey"]);
        Assert.Equal(Checksums.Sha256(Vector("circuit.wasm")), bundled.Artifacts["wasm"]);
        Assert.Equal(Checksums.Sha256(Vector("verification_key.json")), bundled.Artifacts["vkey"]);
        var loaded = await catalog.LoadAsync("middle", CancellationToken.None);
        Assert.Same(loaded, await catalog.LoadAsync("middle", CancellationToken.None));
        Assert.Equal(Encoding.UTF8.GetString(Vector("verification_key.json")), loaded.VerificationKeyJson);
    }

    [Fact]
    public async Task Folders_that_fail_their_checks_are_refused_with_the_reason_and_the_others_are_served()
    {
        Folder("intact", "intact");
        File.Delete(Path.Combine(Folder("no-sums", "no-sums"), Checksums.FileName));
        string wasm = Path.Combine(Folder("changed-wasm", "changed-wasm"), "circuit.wasm");
        byte[] changed = File.ReadAllBytes(wasm);
        changed[^1] ^= 1;
        File.WriteAllBytes(wasm, changed);
        string json = Path.Combine(Folder("changed-json", "changed-json"), CircuitConfiguration.FileName);
        File.WriteAllText(json, File.ReadAllText(json).Replace("the snarkjs vector multi", "another description", StringComparison.Ordinal));
        File.WriteAllBytes(Path.Combine(Folder("bad-level", "bad-level"), CircuitConfiguration.FileName), Configuration("bad-level", securityLevel: "test"));
        File.WriteAllText(Path.Combine(Folder("bad-sums", "bad-sums"), Checksums.FileName), "not a checksum line\n");
        Folder("same-id", "intact");
        var loggers = new TestLoggerFactory();

        var catalog = Catalog(loggers: loggers);

        Assert.Equal(["intact"], (await catalog.ListAsync(CancellationToken.None)).Select(c => c.Id));
        var refused = catalog.Refused.ToDictionary(r => r.Folder, r => r.Reason);
        Assert.Equal(["bad-level", "bad-sums", "changed-json", "changed-wasm", "no-sums", "same-id"], refused.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("circuit 'no-sums': SHA256SUMS is missing", refused["no-sums"]);
        Assert.Equal($"circuit 'changed-wasm': circuit.wasm has SHA-256 {Checksums.Sha256(changed)}, expected {Checksums.Sha256(Vector("circuit.wasm"))}", refused["changed-wasm"]);
        Assert.StartsWith($"circuit 'changed-json': circuit.json has SHA-256 {Checksums.Sha256(File.ReadAllBytes(json))}, expected ", refused["changed-json"], StringComparison.Ordinal);
        Assert.Equal("circuit.json: 'security_level' must be one of development, production", refused["bad-level"]);
        Assert.Equal("SHA256SUMS line 1 is not '<sha256>  <file>'", refused["bad-sums"]);
        Assert.Equal("circuit 'intact': id is also used by another folder", refused["same-id"]);
        // Integrity failures are security events; a configuration mistake is not.
        var audit = loggers.Entries.Where(e => e.Category == "CredentialHub.Audit").Select(e => e.Message).ToList();
        Assert.Equal(4, audit.Count);
        Assert.All(audit, message => Assert.StartsWith("security event integrity-failed: circuit folder ", message, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, message => message.Contains("bad-level", StringComparison.Ordinal) || message.Contains("bad-sums", StringComparison.Ordinal));
    }

    /// <summary>Writes example-input.json into a bundled folder and, when <paramref name="listed"/>, SHA256SUMS anew with it.</summary>
    private static void Example(string folder, byte[] content, bool listed = true)
    {
        File.WriteAllBytes(Path.Combine(folder, CircuitCatalog.ExampleInputFile), content);
        if (listed)
        {
            File.AppendAllLines(Path.Combine(folder, Checksums.FileName), [$"{Checksums.Sha256(content)}  {CircuitCatalog.ExampleInputFile}"]);
        }
    }

    [Fact]
    public async Task A_bundled_circuits_example_inputs_are_read_only_when_its_sums_list_them_and_they_match()
    {
        byte[] example = Vector("input.json");
        Example(Folder("listed", "listed"), example);
        Folder("none", "none");
        Example(Folder("unlisted", "unlisted"), example, listed: false);
        string changed = Folder("changed", "changed");
        Example(changed, example);
        File.WriteAllText(Path.Combine(changed, CircuitCatalog.ExampleInputFile), "{\"x\": \"4\"}");
        byte[] large = new byte[CircuitCatalog.MaxExampleInputBytes + 1];
        large.AsSpan().Fill((byte)' ');
        Example(Folder("large", "large"), large);
        var loggers = new TestLoggerFactory();
        var catalog = Catalog(loggers: loggers);
        await catalog.RegisterAsync(Upload("registered"), CancellationToken.None);
        Assert.Empty(catalog.Refused);

        Assert.Equal(example, await catalog.ReadExampleInputAsync("listed", CancellationToken.None));
        foreach (string id in (string[])["none", "unlisted", "changed", "large", "registered", "unknown"])
        {
            Assert.Null(await catalog.ReadExampleInputAsync(id, CancellationToken.None));
        }
        var warnings = loggers.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.StartsWith("circuit changed: example-input.json has SHA-256 ", warnings[0], StringComparison.Ordinal);
        Assert.EndsWith($", expected {Checksums.Sha256(example)}; it is not used", warnings[0], StringComparison.Ordinal);
        Assert.Equal($"circuit large: example-input.json is larger than {CircuitCatalog.MaxExampleInputBytes} bytes; it is not used", warnings[1]);
        Assert.Equal("circuit unlisted: example-input.json is not listed in SHA256SUMS; it is not used", warnings[2]);
    }

    [Fact]
    public async Task A_registered_id_is_immutable_and_a_bundled_id_cannot_be_registered()
    {
        Folder("intact", "intact");
        var catalog = Catalog();
        await catalog.RegisterAsync(Upload("uploaded"), CancellationToken.None);

        foreach (string taken in new[] { "intact", "uploaded" })
        {
            var e = await Assert.ThrowsAsync<CircuitRegistrationException>(() => catalog.RegisterAsync(Upload(taken), CancellationToken.None));
            Assert.True(e.Conflict);
            Assert.Equal("configuration.id", e.Field);
            Assert.Contains($"circuit '{taken}' is already registered", e.Message, StringComparison.Ordinal);
        }
        var invalid = await Assert.ThrowsAsync<CircuitRegistrationException>(() => catalog.RegisterAsync(Upload("Not-An-Id"), CancellationToken.None));
        Assert.False(invalid.Conflict);
        Assert.Equal("configuration.id", invalid.Field);
        var wrongKey = await Assert.ThrowsAsync<CircuitRegistrationException>(() =>
            catalog.RegisterAsync(Upload("wrong-key") with { VerificationKey = Encoding.UTF8.GetBytes("{}") }, CancellationToken.None));
        Assert.Equal("vkey", wrongKey.Field);
        Assert.Equal(["intact", "uploaded"], (await catalog.ListAsync(CancellationToken.None)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_circuit_registered_by_one_instance_is_served_by_another_sharing_its_store()
    {
        var store = new InMemoryCircuitStore();
        var first = Catalog(store);
        var registered = await first.RegisterAsync(Upload("shared"), CancellationToken.None);

        var second = Catalog(store);

        var found = (await second.FindAsync("shared", CancellationToken.None))!;
        Assert.Equal(("shared", "registered", registered.RegisteredAt), (found.Id, found.Origin, found.RegisteredAt));
        Assert.Equal(registered.Artifacts, found.Artifacts);
        Assert.Equal(["shared"], (await second.ListAsync(CancellationToken.None)).Select(c => c.Id));
        var loaded = await second.LoadAsync("shared", CancellationToken.None);
        Assert.Same(found, loaded.Descriptor);
        Assert.True(loaded.ProofSystem.Verify(loaded.VerificationKey, Vector("public.json"), Vector("proof.json")).IsValid);
        var again = await Assert.ThrowsAsync<CircuitRegistrationException>(() => second.RegisterAsync(Upload("shared"), CancellationToken.None));
        Assert.True(again.Conflict);
    }

    [Fact]
    public async Task A_stored_circuit_that_no_longer_passes_is_left_out_refused_by_id_and_reported()
    {
        var store = new InMemoryCircuitStore();
        // Registered under rules that accepted it (here: a security level no longer known).
        var artifacts = ArtifactFiles.Select(Vector).ToDictionary(bytes => Checksums.Sha256(bytes), bytes => bytes);
        var stored = new StoredCircuit("legacy", Encoding.UTF8.GetString(Configuration("legacy", securityLevel: "test")),
            Checksums.Sha256(Vector("circuit.wasm")), Checksums.Sha256(Vector("circuit.zkey")), Checksums.Sha256(Vector("verification_key.json")), DateTimeOffset.UtcNow);
        Assert.True(await store.TryAddAsync(stored, artifacts, CancellationToken.None));
        var catalog = Catalog(store);

        Assert.Empty(await catalog.ListAsync(CancellationToken.None));
        var e = await Assert.ThrowsAsync<CircuitIntegrityException>(async () => await catalog.LoadAsync("legacy", CancellationToken.None));
        Assert.Equal("configuration", e.Artifact);
        Assert.Contains("'security_level' must be one of development, production", e.Message, StringComparison.Ordinal);
        var refused = Assert.Single(catalog.Refused);
        Assert.Equal("registered:legacy", refused.Folder);
        Assert.Equal(e.Message, refused.Reason);
    }

    [Fact]
    public async Task When_the_proof_systems_change_circuits_on_one_no_longer_loaded_are_loaded_again_against_the_new_ones_and_the_others_kept()
    {
        Folder("bundled", "bundled");
        var proofSystems = new ReloadedProofSystems(new Groth16ProofSystem());
        var loggers = new TestLoggerFactory();
        var catalog = Catalog(loggers: loggers, proofSystems: proofSystems);
        await catalog.RegisterAsync(Upload("registered"), CancellationToken.None);
        var bundledBefore = await catalog.LoadAsync("bundled", CancellationToken.None);
        var registeredBefore = await catalog.LoadAsync("registered", CancellationToken.None);

        // Another plugin changed: these circuits' proof system is still loaded, they stay as they are.
        proofSystems.Replace(proofSystems.ProofSystems[0], new TestProofSystem());
        catalog.Rebind();
        Assert.Same(bundledBefore, await catalog.LoadAsync("bundled", CancellationToken.None));
        Assert.Same(registeredBefore, await catalog.LoadAsync("registered", CancellationToken.None));
        Assert.Contains("0 bundled circuit(s) loaded again against them, 1 kept, 0 refused", loggers.Entries.Last().Message, StringComparison.Ordinal);

        // Their plugin replaced by a new version: circuit, keys and proof system all taken again from the new one.
        var replacement = new Groth16ProofSystem();
        proofSystems.Replace(replacement, new TestProofSystem());
        catalog.Rebind();
        foreach (var (id, before) in new[] { ("bundled", bundledBefore), ("registered", registeredBefore) })
        {
            var after = await catalog.LoadAsync(id, CancellationToken.None);
            Assert.Same(replacement, after.ProofSystem);
            Assert.Same(replacement, after.Prover);
            Assert.NotSame(before.ProvingKey, after.ProvingKey);
            Assert.NotSame(before.VerificationKey, after.VerificationKey);
            Assert.Equal(before.Descriptor.Artifacts, after.Descriptor.Artifacts);
            Assert.True(after.ProofSystem.Verify(after.VerificationKey, Vector("public.json"), Vector("proof.json")).IsValid);
            // Work that still holds the circuit bound before finishes with it.
            Assert.True(before.ProofSystem.Verify(before.VerificationKey, Vector("public.json"), Vector("proof.json")).IsValid);
        }
        Assert.Equal(["bundled", "registered"], (await catalog.ListAsync(CancellationToken.None)).Select(c => c.Id));

        // No proof system for them any more: refused with the reason; back again: served again.
        proofSystems.Replace();
        catalog.Rebind();
        Assert.Empty(await catalog.ListAsync(CancellationToken.None));
        const string Reason = "no loaded proof system handles groth16 on bn128 (verification_key.json)";
        Assert.Equal([new RefusedCircuit("bundled", $"circuit 'bundled': {Reason}"), new RefusedCircuit("registered:registered", $"circuit 'registered': {Reason}")], catalog.Refused);
        await Assert.ThrowsAsync<CircuitIntegrityException>(async () => await catalog.LoadAsync("registered", CancellationToken.None));
        proofSystems.Replace(new Groth16ProofSystem());
        catalog.Rebind();
        Assert.Equal(["bundled", "registered"], (await catalog.ListAsync(CancellationToken.None)).Select(c => c.Id));
        Assert.Empty(catalog.Refused);
    }

    [Fact]
    public async Task The_module_binds_the_circuits_again_when_the_proof_systems_say_they_changed()
    {
        Folder("bundled", "bundled");
        var proofSystems = new ReloadedProofSystems(new Groth16ProofSystem());
        var catalog = Catalog(proofSystems: proofSystems);
        var startup = new CircuitCatalogStartup(catalog, proofSystems);
        await startup.StartAsync(CancellationToken.None);
        var replacement = new Groth16ProofSystem();

        proofSystems.Replace(replacement);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await catalog.LoadAsync("bundled", CancellationToken.None)).ProofSystem != replacement && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }
        Assert.Same(replacement, (await catalog.LoadAsync("bundled", CancellationToken.None)).ProofSystem);

        await startup.StopAsync(CancellationToken.None);
        proofSystems.Replace(new Groth16ProofSystem());
        await Task.Delay(500);
        Assert.Same(replacement, (await catalog.LoadAsync("bundled", CancellationToken.None)).ProofSystem);
    }

    /// <summary>Proof systems that change as plugins reloaded by the host do, raising <see cref="IProofSystemCatalog.Changed"/>.</summary>
    private sealed class ReloadedProofSystems(params IProofSystem[] systems) : IProofSystemCatalog
    {
        private IProofSystem[] _systems = systems;

        public IReadOnlyList<IProofSystem> ProofSystems => _systems;

        public IReadOnlyList<ProofPluginStatus> Plugins => [];

        public event Action? Changed;

        public IProofSystem? Find(string protocol, string curve) => _systems.FirstOrDefault(s => s.Protocol == protocol && s.SupportsCurve(curve));

        public void Replace(params IProofSystem[] systems)
        {
            _systems = systems;
            Changed?.Invoke();
        }
    }

    /// <summary>A proof system of another protocol, standing for another plugin.</summary>
    private sealed class TestProofSystem : IProofSystem
    {
        public string Id => "test";
        public string Protocol => "test";
        public string Curve => "none";
        public bool SupportsCurve(string curveName) => curveName == Curve;
        public IVerificationKey LoadVerificationKey(ReadOnlySpan<byte> verificationKeyJson) => throw new NotSupportedException();
        public VerificationOutcome Verify(IVerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("Not An Id")]
    [InlineData("../solvency")]
    [InlineData("")]
    public async Task An_id_no_circuit_has_is_not_found(string id)
    {
        Folder("intact", "intact");
        var catalog = Catalog();

        Assert.Null(await catalog.FindAsync(id, CancellationToken.None));
        await Assert.ThrowsAsync<CircuitNotFoundException>(async () => await catalog.LoadAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_circuit_out_of_service_names_its_key_and_the_remedy_for_where_it_came_from()
    {
        Folder("intact", "intact");
        var catalog = Catalog();
        await catalog.RegisterAsync(Upload("uploaded"), CancellationToken.None);
        string zkey = Checksums.Sha256(Vector("circuit.zkey"));

        var registered = catalog.TakeOutOfService("uploaded", "pairing check failed");
        var bundled = catalog.TakeOutOfService("intact", "pairing check failed");

        foreach (var outage in new[] { registered, bundled })
        {
            Assert.Equal(zkey, outage.ZkeySha256);
            Assert.Equal($"its proving key (zkey SHA-256 {zkey}) is faulty: a proof made with it failed verification with the circuit's own verification key (pairing check failed)", outage.Reason);
            Assert.EndsWith("verifying with this circuit's verification key stays available", outage.Remedy, StringComparison.Ordinal);
        }
        Assert.Contains("register it again under a new id", registered.Remedy, StringComparison.Ordinal);
        Assert.Contains("update SHA256SUMS and restart the service", bundled.Remedy, StringComparison.Ordinal);
        Assert.Same(registered, catalog.TakeOutOfService("uploaded", "another reason"));
        Assert.Equal(["intact", "uploaded"], catalog.OutOfService.Select(o => o.CircuitId));
        // Out of service for proving, still listed and loadable for verification.
        Assert.Equal(["intact", "uploaded"], (await catalog.ListAsync(CancellationToken.None)).Select(c => c.Id));
        Assert.NotNull(await catalog.LoadAsync("uploaded", CancellationToken.None));
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_without_circuits_and_degraded_by_refusals_and_outages()
    {
        static Task<HealthCheckResult> Check(ICircuitCatalog catalog) => new CircuitsHealthCheck(catalog).CheckHealthAsync(new HealthCheckContext());

        var empty = await Check(Catalog());
        Assert.Equal(HealthStatus.Unhealthy, empty.Status);
        Assert.Equal("no circuit can be served", empty.Description);

        Folder("intact", "intact");
        var healthy = await Check(Catalog());
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal("1 circuit(s)", healthy.Description);

        File.Delete(Path.Combine(Folder("no-sums", "no-sums"), Checksums.FileName));
        var catalog = Catalog();
        var refused = await Check(catalog);
        Assert.Equal(HealthStatus.Degraded, refused.Status);
        Assert.Equal("1 circuit folder(s) refused", refused.Description);

        catalog.TakeOutOfService("intact", "pairing check failed");
        var outage = await Check(catalog);
        Assert.Equal(HealthStatus.Degraded, outage.Status);
        Assert.Equal("1 circuit(s) out of service, faulty proving key (an operator must replace it): intact; 1 circuit folder(s) refused", outage.Description);
        Assert.Single((IEnumerable<object>)outage.Data["out_of_service"]);
    }
}
