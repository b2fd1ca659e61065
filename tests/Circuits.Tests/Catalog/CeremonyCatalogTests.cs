using System.Text;
using CredentialHub.Circuits.Catalog;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Storage;
using CredentialHub.Circuits.Witness;
using CredentialHub.Groth16;
using Microsoft.Extensions.Options;

namespace CredentialHub.Circuits.Tests.Catalog;

/// <summary>
/// Production circuits in the catalog, on the real loader and the Groth16 plugin's <c>zkey verify</c>: a production
/// circuit is served only when its key is shown to come from the powers-of-tau file it names (in its folder or in
/// PTAU_DIR, its BLAKE2b-512 pinned or not) and its r1cs, and its descriptor shows that ceremony; a key from another
/// ceremony or from no ceremony, a missing ptau or r1cs, a pinned hash that differs, or a check that does not end in
/// time refuse the circuit naming why; a passed check is remembered across catalogs (restarts) by the files' SHA-256s;
/// uploads of production circuits are checked the same way and their r1cs stored. Keys: <see cref="CeremonyKeys"/>.
/// </summary>
public sealed class CeremonyCatalogTests(CeremonyKeys keys) : IClassFixture<CeremonyKeys>, IDisposable
{
    private readonly TemporaryDirectory _root = new("credentialhub-ceremony-catalog-");

    private string CircuitsDirectory => Directory.CreateDirectory(Path.Combine(_root.Path, "circuits")).FullName;

    private string CacheDirectory => Path.Combine(_root.Path, "cache");

    public void Dispose() => _root.Dispose();

    private static string ConfigurationText(string id, string level, string? ptauFile = "pot7_final.ptau", string? pin = null, bool r1cs = true) =>
        $$"""
        { "id": "{{id}}", "description": "the snarkjs vector multi", "wasm_file": "circuit.wasm", "zkey_file": "circuit.zkey",
          "vkey_file": "verification_key.json", {{(r1cs ? "\"r1cs_file\": \"circuit.r1cs\"," : "")}} "max_attributes": 0, "security_level": "{{level}}"
          {{(ptauFile is null ? "" : $", \"ptau_file\": \"{ptauFile}\"")}} {{(pin is null ? "" : $", \"ptau_blake2b512\": \"{pin}\"")}} }
        """;

    /// <summary>A circuit folder with SHA256SUMS of all its files; the ptau copied into it when <paramref name="ptauInFolder"/>.</summary>
    private string Folder(string id, string configuration, byte[] zkey, byte[] vkey, string? ptauInFolder = null)
    {
        string folder = Directory.CreateDirectory(Path.Combine(CircuitsDirectory, id)).FullName;
        File.WriteAllText(Path.Combine(folder, CircuitConfiguration.FileName), configuration);
        File.WriteAllBytes(Path.Combine(folder, "circuit.wasm"), CeremonyKeys.Vector("circuit.wasm"));
        File.WriteAllBytes(Path.Combine(folder, "circuit.r1cs"), CeremonyKeys.Vector("circuit.r1cs"));
        File.WriteAllBytes(Path.Combine(folder, "circuit.zkey"), zkey);
        File.WriteAllBytes(Path.Combine(folder, "verification_key.json"), vkey);
        if (ptauInFolder is not null)
        {
            File.Copy(ptauInFolder, Path.Combine(folder, "pot7_final.ptau"));
        }
        File.WriteAllLines(Path.Combine(folder, Checksums.FileName),
            new[] { CircuitConfiguration.FileName, "circuit.wasm", "circuit.r1cs", "circuit.zkey", "verification_key.json" }
                .Select(file => $"{Checksums.Sha256(File.ReadAllBytes(Path.Combine(folder, file)))}  {file}"));
        return folder;
    }

    private string PtauDirectory()
    {
        string directory = Directory.CreateDirectory(Path.Combine(_root.Path, "ptau")).FullName;
        string target = Path.Combine(directory, "pot7_final.ptau");
        if (!File.Exists(target))
        {
            File.Copy(keys.Ptau, target);
        }
        return directory;
    }

    private CircuitCatalog Catalog(ICircuitStore? store = null, TestLoggerFactory? loggers = null, string? ptauDirectory = null, int timeoutSeconds = 600)
    {
        loggers ??= new TestLoggerFactory();
        var options = Options.Create(new CircuitsModuleOptions
        {
            CircuitsDirectory = CircuitsDirectory,
            PtauDirectory = ptauDirectory ?? Path.Combine(_root.Path, "no-ptau-here"),
            CeremonyCacheDirectory = CacheDirectory,
            CeremonyCheckTimeoutSeconds = timeoutSeconds,
        });
        var catalog = new CircuitCatalog(
            new CircuitLoader(new FixedProofSystems(new Groth16ProofSystem()), WitnessEngine.Create(prepareWhenAccepted: true), options,
                new CeremonyVerifier(options, loggers.CreateLogger<CeremonyVerifier>())),
            store ?? new InMemoryCircuitStore(),
            options,
            loggers.CreateLogger<CircuitCatalog>(),
            loggers);
        catalog.LoadBundled();
        return catalog;
    }

    private void AssertFromTheCeremony(CircuitCeremony? ceremony)
    {
        Assert.NotNull(ceremony);
        Assert.True(ceremony.Verified);
        Assert.Contains("pot7_final.ptau", ceremony.Statement, StringComparison.Ordinal);
        var ptau = Assert.IsType<CeremonyPowersOfTau>(ceremony.PowersOfTau);
        Assert.Equal(("pot7_final.ptau", keys.PtauBlake2b512, 7, 7, 1), (ptau.File, ptau.Blake2b512, ptau.Power, ptau.CeremonyPower, ptau.Contributions));
        Assert.Equal(Checksums.Sha256(File.ReadAllBytes(keys.Ptau)), ptau.Sha256);
        Assert.Matches("^[0-9a-f]{128}$", ceremony.CircuitHash);
        Assert.Equal(2, ceremony.Contributions.Count);
        Assert.Equal(new CeremonyContribution("alice", "contribution", keys.ContributionHashes[0], null, null), ceremony.Contributions[0]);
        Assert.Equal(new CeremonyContribution("final beacon", "beacon", keys.ContributionHashes[1], CeremonyKeys.BeaconHash, CeremonyKeys.BeaconExponent), ceremony.Contributions[1]);
        Assert.NotNull(ceremony.CheckedAt);
    }

    [Fact]
    public async Task A_production_circuit_whose_key_comes_from_its_ceremony_is_served_with_the_ceremony_and_a_development_one_says_it_has_none()
    {
        Folder("in-folder", ConfigurationText("in-folder", "production"), keys.Zkey, keys.VerificationKey, ptauInFolder: keys.Ptau);
        Folder("in-ptau-dir", ConfigurationText("in-ptau-dir", "production", pin: keys.PtauBlake2b512.ToUpperInvariant()), keys.Zkey, keys.VerificationKey);
        Folder("dev", ConfigurationText("dev", "development", ptauFile: null), CeremonyKeys.Vector("circuit.zkey"), CeremonyKeys.Vector("verification_key.json"));

        var catalog = Catalog(ptauDirectory: PtauDirectory());

        Assert.Empty(catalog.Refused);
        AssertFromTheCeremony((await catalog.FindAsync("in-folder", CancellationToken.None))!.Ceremony);
        AssertFromTheCeremony((await catalog.FindAsync("in-ptau-dir", CancellationToken.None))!.Ceremony);
        var development = (await catalog.FindAsync("dev", CancellationToken.None))!.Ceremony!;
        Assert.False(development.Verified);
        Assert.Null(development.PowersOfTau);
        Assert.Empty(development.Contributions);
        Assert.Contains("not checked to come from a trusted-setup ceremony", development.Statement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_production_circuit_whose_key_is_not_from_its_ceremony_is_refused_naming_the_check_it_failed()
    {
        // Same circuit, key from another ceremony; and the vector's own key (a snarkjs setup from a ptau we do not have).
        Folder("other-ceremony", ConfigurationText("other-ceremony", "production"), keys.OtherZkey, keys.OtherVerificationKey, ptauInFolder: keys.Ptau);
        Folder("no-ceremony", ConfigurationText("no-ceremony", "production"), CeremonyKeys.Vector("circuit.zkey"), CeremonyKeys.Vector("verification_key.json"), ptauInFolder: keys.Ptau);
        Folder("intact", ConfigurationText("intact", "production"), keys.Zkey, keys.VerificationKey, ptauInFolder: keys.Ptau);
        var loggers = new TestLoggerFactory();

        var catalog = Catalog(loggers: loggers);

        Assert.Equal(["intact"], (await catalog.ListAsync(CancellationToken.None)).Select(c => c.Id));
        var refused = catalog.Refused.ToDictionary(r => r.Folder, r => r.Reason);
        Assert.Equal(["no-ceremony", "other-ceremony"], refused.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, reason) in refused)
        {
            Assert.StartsWith($"circuit '{id}': circuit.zkey does not come from the ceremony of pot7_final.ptau for circuit.r1cs (zkey verify): ", reason, StringComparison.Ordinal);
            Assert.True(reason.Length > $"circuit '{id}': circuit.zkey does not come from the ceremony of pot7_final.ptau for circuit.r1cs (zkey verify): ".Length + 10, reason);
        }
        Assert.Contains(loggers.Entries, e => e.Category == "CredentialHub.Audit" && e.Message.Contains("other-ceremony", StringComparison.Ordinal));
    }

    [Fact]
    public void A_production_circuit_without_its_ptau_r1cs_or_with_another_ptau_hash_is_refused_naming_what_is_missing()
    {
        Folder("no-ptau", ConfigurationText("no-ptau", "production"), keys.Zkey, keys.VerificationKey);
        Folder("no-r1cs", ConfigurationText("no-r1cs", "production", r1cs: false), keys.Zkey, keys.VerificationKey, ptauInFolder: keys.Ptau);
        string otherHash = new('0', 128);
        Folder("pinned", ConfigurationText("pinned", "production", pin: otherHash), keys.Zkey, keys.VerificationKey, ptauInFolder: keys.Ptau);
        Folder("unnamed", ConfigurationText("unnamed", "production", ptauFile: null), keys.Zkey, keys.VerificationKey, ptauInFolder: keys.Ptau);

        var catalog = Catalog();

        var refused = catalog.Refused.ToDictionary(r => r.Folder, r => r.Reason);
        Assert.Equal(["no-ptau", "no-r1cs", "pinned", "unnamed"], refused.Keys.Order(StringComparer.Ordinal));
        Assert.Equal($"circuit 'no-ptau': powers-of-tau file pot7_final.ptau (ptau_file) is neither in the circuit's folder nor in PTAU_DIR ({Path.Combine(_root.Path, "no-ptau-here")})", refused["no-ptau"]);
        Assert.StartsWith("circuit 'no-r1cs': a production circuit's key is checked against its constraint system, and none came with it", refused["no-r1cs"], StringComparison.Ordinal);
        Assert.Equal($"circuit 'pinned': powers-of-tau file pot7_final.ptau has BLAKE2b-512 {keys.PtauBlake2b512}; ptau_blake2b512 in circuit.json says {otherHash}", refused["pinned"]);
        Assert.StartsWith("circuit.json: 'ptau_file' is required for a production circuit", refused["unnamed"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_passed_check_is_remembered_by_the_files_sha256s_so_a_restart_does_not_check_again()
    {
        Folder("remembered", ConfigurationText("remembered", "production"), keys.Zkey, keys.VerificationKey, ptauInFolder: keys.Ptau);
        var first = Catalog();
        var checkedAt = (await first.FindAsync("remembered", CancellationToken.None))!.Ceremony!.CheckedAt;
        Assert.Single(Directory.GetFiles(CacheDirectory, "*.json"));

        var loggers = new TestLoggerFactory();
        var restarted = Catalog(loggers: loggers);

        var ceremony = (await restarted.FindAsync("remembered", CancellationToken.None))!.Ceremony;
        AssertFromTheCeremony(ceremony);
        Assert.Equal(checkedAt, ceremony!.CheckedAt);
        Assert.Contains(loggers.Entries, e => e.Message.Contains("trusted-setup check of circuit.zkey against pot7_final.ptau remembered", StringComparison.Ordinal));
        Assert.DoesNotContain(loggers.Entries, e => e.Message.Contains("comes from the ceremony of", StringComparison.Ordinal));

        // A remembered check is for those files only: another key with the same names is checked, and refused.
        Directory.Delete(Path.Combine(CircuitsDirectory, "remembered"), recursive: true);
        Folder("remembered", ConfigurationText("remembered", "production"), keys.OtherZkey, keys.OtherVerificationKey, ptauInFolder: keys.Ptau);
        var changed = Catalog();
        Assert.Contains("does not come from the ceremony", Assert.Single(changed.Refused).Reason, StringComparison.Ordinal);

        // A damaged cache entry is not trusted: the check runs again and passes.
        Directory.Delete(Path.Combine(CircuitsDirectory, "remembered"), recursive: true);
        Folder("remembered", ConfigurationText("remembered", "production"), keys.Zkey, keys.VerificationKey, ptauInFolder: keys.Ptau);
        File.WriteAllText(Assert.Single(Directory.GetFiles(CacheDirectory, "*.json")), "{ not json");
        var repaired = Catalog();
        Assert.NotEqual(checkedAt, (await repaired.FindAsync("remembered", CancellationToken.None))!.Ceremony!.CheckedAt);
    }

    [Fact]
    public void A_check_that_does_not_end_within_the_timeout_refuses_the_circuit_naming_the_setting()
    {
        // The beacon record says 2^40 iterations (not covered by the transcript hash): redoing it would take days.
        byte[] zkey = keys.Zkey.ToArray();
        byte[] pattern = [0x02, CeremonyKeys.BeaconExponent, 0x03, 0x20, .. Convert.FromHexString(CeremonyKeys.BeaconHash)];
        int at = zkey.AsSpan().IndexOf(pattern);
        Assert.True(at > 0, "the beacon's parameters are in section 10");
        zkey[at + 1] = 40;
        Folder("slow", ConfigurationText("slow", "production"), zkey, keys.VerificationKey, ptauInFolder: keys.Ptau);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var catalog = Catalog(timeoutSeconds: 1);

        Assert.Equal("circuit 'slow': the trusted-setup check of circuit.zkey against pot7_final.ptau did not finish within 1 s (CEREMONY_CHECK_TIMEOUT_SECONDS)",
            Assert.Single(catalog.Refused).Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), $"the refusal took {watch.Elapsed}");
    }

    [Fact]
    public async Task An_uploaded_production_circuit_is_checked_against_its_ptau_in_PTAU_DIR_and_its_r1cs_is_stored_for_other_instances()
    {
        var store = new InMemoryCircuitStore();
        var catalog = Catalog(store, ptauDirectory: PtauDirectory());
        var upload = new CircuitUpload(Encoding.UTF8.GetBytes(ConfigurationText("uploaded", "production", pin: keys.PtauBlake2b512)),
            CeremonyKeys.Vector("circuit.wasm"), keys.Zkey, keys.VerificationKey, CeremonyKeys.Vector("circuit.r1cs"));

        var registered = await catalog.RegisterAsync(upload, CancellationToken.None);

        AssertFromTheCeremony(registered.Ceremony);
        var stored = (await store.FindAsync("uploaded", CancellationToken.None))!;
        Assert.Equal(Checksums.Sha256(CeremonyKeys.Vector("circuit.r1cs")), stored.R1csSha256);
        Assert.Equal(CeremonyKeys.Vector("circuit.r1cs"), await store.ReadArtifactAsync(stored.R1csSha256!, CancellationToken.None));
        var other = Catalog(store, ptauDirectory: PtauDirectory());
        AssertFromTheCeremony((await other.LoadAsync("uploaded", CancellationToken.None)).Descriptor.Ceremony);

        var noR1cs = await Assert.ThrowsAsync<CircuitRegistrationException>(() => catalog.RegisterAsync(
            upload with { Configuration = Encoding.UTF8.GetBytes(ConfigurationText("no-r1cs", "production", r1cs: false)), R1cs = null }, CancellationToken.None));
        Assert.Equal("r1cs", noR1cs.Field);
        var otherKey = await Assert.ThrowsAsync<CircuitRegistrationException>(() => catalog.RegisterAsync(
            upload with { Configuration = Encoding.UTF8.GetBytes(ConfigurationText("other-key", "production")), Zkey = keys.OtherZkey, VerificationKey = keys.OtherVerificationKey },
            CancellationToken.None));
        Assert.Equal("zkey", otherKey.Field);
        Assert.Contains("circuit.zkey does not come from the ceremony of pot7_final.ptau", otherKey.Message, StringComparison.Ordinal);
        var noPtau = await Assert.ThrowsAsync<CircuitRegistrationException>(() => catalog.RegisterAsync(
            upload with { Configuration = Encoding.UTF8.GetBytes(ConfigurationText("no-ptau", "production", ptauFile: "powersOfTau28_hez_final_14.ptau")) }, CancellationToken.None));
        Assert.Equal("configuration.ptau_file", noPtau.Field);
        Assert.Contains("powers-of-tau file powersOfTau28_hez_final_14.ptau (ptau_file) is not in PTAU_DIR", noPtau.Message, StringComparison.Ordinal);
        Assert.Equal(["uploaded"], (await catalog.ListAsync(CancellationToken.None)).Select(c => c.Id));
    }
}
