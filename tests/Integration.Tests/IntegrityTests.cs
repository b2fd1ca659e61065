using System.Net;
using System.Text.Json;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

/// <summary>
/// A circuits folder with tampered copies of solvency (a flipped wasm byte; SHA256SUMS without one line or another)
/// next to an intact copy under another id. No database: the bundled circuits are checked at start-up either way.
/// </summary>
public sealed class TamperedCircuitsHost : IAsyncLifetime
{
    internal const string IntactId = "solvency-intact";

    /// <summary>Folder name → what was done to it.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Tampered = new Dictionary<string, string>
    {
        ["wasm-byte-flipped"] = "one byte of circuit.wasm flipped",
        ["sums-without-wasm"] = "SHA256SUMS line of circuit.wasm removed",
        ["sums-without-zkey"] = "SHA256SUMS line of circuit_final.zkey removed",
        ["sums-without-vkey"] = "SHA256SUMS line of verification_key.json removed",
    };

    /// <summary>
    /// A copy whose SHA256SUMS lacks the circuit.json line and whose circuit.json was edited (its id changed to
    /// <see cref="NoConfigurationSumId"/>, which also tells it apart from the other copies).
    /// </summary>
    internal const string NoConfigurationSumFolder = "sums-without-circuit-json";

    internal const string NoConfigurationSumId = "solvency-no-json-sum";

    /// <summary>
    /// A production copy of solvency whose key (and the verification key exported from it) was made by
    /// <c>setup --insecure-dev</c> from the same r1cs, SHA256SUMS written anew: every check but the trusted setup's passes.
    /// </summary>
    internal const string ForeignKeyFolder = "key-not-from-the-ceremony";

    /// <summary>A production copy of solvency whose key has H[0] replaced by H[1] (<see cref="FaultyKeyHost"/>), SHA256SUMS written anew.</summary>
    internal const string TamperedHFolder = "h-point-replaced";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"credentialhub-circuits-{Guid.NewGuid():N}");
    private RunningHost? _host;

    internal RunningHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        foreach (string folder in Tampered.Keys)
        {
            CircuitFiles.CopySolvency(Path.Combine(_directory, folder));
        }
        string wasm = Path.Combine(_directory, "wasm-byte-flipped", "circuit.wasm");
        byte[] bytes = await File.ReadAllBytesAsync(wasm);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(wasm, bytes);
        RemoveSumsLine("sums-without-wasm", "circuit.wasm");
        RemoveSumsLine("sums-without-zkey", "circuit_final.zkey");
        RemoveSumsLine("sums-without-vkey", "verification_key.json");
        CircuitFiles.CopySolvency(Path.Combine(_directory, NoConfigurationSumFolder));
        RemoveSumsLine(NoConfigurationSumFolder, "circuit.json");
        await File.WriteAllBytesAsync(Path.Combine(_directory, NoConfigurationSumFolder, "circuit.json"), CircuitFiles.ConfigurationWithId(NoConfigurationSumId));

        string foreign = Path.Combine(_directory, ForeignKeyFolder);
        CircuitFiles.CopySolvency(foreign);
        await File.WriteAllBytesAsync(Path.Combine(foreign, "circuit.json"), CircuitFiles.ConfigurationWithId("solvency-foreign-key"));
        var setup = await HostProcess.RunAsync(["setup", Path.Combine(foreign, "circuit.r1cs"), Path.Combine(foreign, "circuit_final.zkey"), "--insecure-dev"]);
        Assert.True(setup.ExitCode == 0, $"setup --insecure-dev: {setup.Output}");
        var export = await HostProcess.RunAsync(["export-vkey", Path.Combine(foreign, "circuit_final.zkey"), Path.Combine(foreign, "verification_key.json")]);
        Assert.True(export.ExitCode == 0, $"export-vkey: {export.Output}");
        CircuitFiles.RewriteSums(foreign);
        string tamperedH = Path.Combine(_directory, TamperedHFolder);
        CircuitFiles.CopySolvency(tamperedH);
        await File.WriteAllBytesAsync(Path.Combine(tamperedH, "circuit.json"), CircuitFiles.ConfigurationWithId("solvency-tampered-h"));
        byte[] zkey = CircuitFiles.Read("circuit_final.zkey");
        FaultyKeyHost.ReplaceFirstHPoint(zkey);
        await File.WriteAllBytesAsync(Path.Combine(tamperedH, "circuit_final.zkey"), zkey);
        CircuitFiles.RewriteSums(tamperedH);

        // The intact copy under another id: its configuration changes, so its SHA256SUMS line is recomputed.
        string intact = Path.Combine(_directory, "intact");
        CircuitFiles.CopySolvency(intact);
        byte[] configuration = CircuitFiles.ConfigurationWithId(IntactId);
        await File.WriteAllBytesAsync(Path.Combine(intact, "circuit.json"), configuration);
        string sums = Path.Combine(intact, "SHA256SUMS");
        var lines = File.ReadAllLines(sums).Select(l => l.EndsWith("  circuit.json", StringComparison.Ordinal) ? $"{CircuitFiles.Sha256(configuration)}  circuit.json" : l);
        await File.WriteAllLinesAsync(sums, lines);

        _host = await HostProcess.StartAsync(new Dictionary<string, string> { ["CIRCUITS_DIR"] = _directory });
    }

    private void RemoveSumsLine(string folder, string file)
    {
        string sums = Path.Combine(_directory, folder, "SHA256SUMS");
        var lines = File.ReadAllLines(sums);
        var kept = lines.Where(l => !l.EndsWith("  " + file, StringComparison.Ordinal)).ToArray();
        if (kept.Length != lines.Length - 1)
        {
            throw new InvalidOperationException($"circuits/solvency/SHA256SUMS has no single line for {file}");
        }
        File.WriteAllLines(sums, kept);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        Directory.Delete(_directory, recursive: true);
    }
}

// 6 (integrity). Tampered bundled circuits are refused at start-up; the host serves the rest.
public sealed class IntegrityTests(TamperedCircuitsHost fixture) : IClassFixture<TamperedCircuitsHost>
{
    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task Tampered_circuit_is_not_served()
    {
        var one = await Api.GetAsync(Http, $"/circuits/{Solvency.Id}");
        ProblemAssert.Problem(one, HttpStatusCode.NotFound, "id");
        var key = await Api.GetAsync(Http, $"/circuits/{Solvency.Id}/verification_key");
        Assert.True(key.Status == HttpStatusCode.NotFound, $"verification key of a refused circuit: {key}");
        var generate = await Api.GenerateAsync(Http, Solvency.Id, Solvency.ExampleInputs());
        ProblemAssert.Problem(generate, HttpStatusCode.NotFound, "circuit_id");
        var list = await Api.GetAsync(Http, "/circuits");
        var ids = list.Json.GetProperty("circuits").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.DoesNotContain(Solvency.Id, ids);
        Assert.Contains(TamperedCircuitsHost.IntactId, ids);
    }

    /// <summary>
    /// README: "every artifact's SHA-256 is checked against SHA256SUMS", whose documented form lists circuit.json; a
    /// SHA256SUMS without the circuit.json line leaves the configuration (input widths, request limit) unchecked.
    /// </summary>
    [Fact]
    public async Task Circuit_whose_SHA256SUMS_lacks_the_circuit_json_line_is_refused()
    {
        var one = await Api.GetAsync(Http, $"/circuits/{TamperedCircuitsHost.NoConfigurationSumId}");
        var (status, health) = await Api.HealthAsync(Http);
        var circuits = health.GetProperty("checks").GetProperty("circuits");
        bool listed = circuits.GetProperty("data").GetProperty("refused").EnumerateArray()
            .Any(r => r.GetProperty("folder").GetString() == TamperedCircuitsHost.NoConfigurationSumFolder);
        Assert.True(one.Status == HttpStatusCode.NotFound && listed,
            $"a circuit folder whose circuit.json was edited and whose SHA256SUMS has no circuit.json line is served: GET /circuits/{TamperedCircuitsHost.NoConfigurationSumId} → {one}; refused under /health ({(int)status}): {listed}");
    }

    public static TheoryData<string> TamperedFolders => [.. TamperedCircuitsHost.Tampered.Keys];

    [Theory]
    [MemberData(nameof(TamperedFolders))]
    public async Task Health_lists_the_tampered_folder_as_refused_and_is_not_healthy(string folder)
    {
        var (status, health) = await Api.HealthAsync(Http);
        Assert.NotEqual("healthy", health.GetProperty("status").GetString());
        var circuits = health.GetProperty("checks").GetProperty("circuits");
        Assert.NotEqual("healthy", circuits.GetProperty("status").GetString());
        var refused = circuits.GetProperty("data").GetProperty("refused").EnumerateArray().ToList();
        Assert.True(refused.Any(r => r.GetProperty("folder").GetString() == folder && !string.IsNullOrWhiteSpace(r.GetProperty("reason").GetString())),
            $"{TamperedCircuitsHost.Tampered[folder]}: folder '{folder}' is not in the refused list of /health ({(int)status}): {circuits}\nhost log: {fixture.Host.Tail(3000)}");
    }

    [Fact]
    public async Task A_production_circuit_whose_key_is_not_from_its_ceremony_is_refused_naming_the_failed_check()
    {
        var one = await Api.GetAsync(Http, "/circuits/solvency-foreign-key");
        ProblemAssert.Problem(one, HttpStatusCode.NotFound, "id");
        var (_, health) = await Api.HealthAsync(Http);
        var refused = health.GetProperty("checks").GetProperty("circuits").GetProperty("data").GetProperty("refused").EnumerateArray()
            .SingleOrDefault(r => r.GetProperty("folder").GetString() == TamperedCircuitsHost.ForeignKeyFolder);
        Assert.True(refused.ValueKind == JsonValueKind.Object, $"{TamperedCircuitsHost.ForeignKeyFolder} is not refused: {health}\nhost log: {fixture.Host.Tail(3000)}");
        string reason = refused.GetProperty("reason").GetString()!;
        string ptau = JsonDocument.Parse(CircuitFiles.Read("circuit.json")).RootElement.GetProperty("ptau_file").GetString()!;
        Assert.StartsWith($"circuit 'solvency-foreign-key': circuit_final.zkey does not come from the ceremony of {ptau} for circuit.r1cs (zkey verify): ", reason, StringComparison.Ordinal);

        // One point of H changed (the key still matches its verification key): named by the check of the H section.
        var tampered = health.GetProperty("checks").GetProperty("circuits").GetProperty("data").GetProperty("refused").EnumerateArray()
            .Single(r => r.GetProperty("folder").GetString() == TamperedCircuitsHost.TamperedHFolder);
        Assert.Equal($"circuit 'solvency-tampered-h': circuit_final.zkey does not come from the ceremony of {ptau} for circuit.r1cs (zkey verify): the H section does not follow the ptau's powers of tau and delta",
            tampered.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync(Http, "/circuits/solvency-tampered-h")).Status);
    }

    [Fact]
    public async Task The_intact_production_circuit_shows_the_ceremony_its_key_was_checked_against()
    {
        var one = await Api.GetAsync(Http, $"/circuits/{TamperedCircuitsHost.IntactId}");
        Assert.True(one.Status == HttpStatusCode.OK, $"GET /circuits/{TamperedCircuitsHost.IntactId}: {one}");
        Assert.Equal("production", one.Json.GetProperty("security_level").GetString());
        var ceremony = one.Json.GetProperty("ceremony");
        Assert.True(ceremony.GetProperty("verified").GetBoolean(), $"ceremony: {ceremony}");
        var configuration = JsonDocument.Parse(CircuitFiles.Read("circuit.json")).RootElement;
        var ptau = ceremony.GetProperty("powers_of_tau");
        Assert.Equal(configuration.GetProperty("ptau_file").GetString(), ptau.GetProperty("file").GetString());
        Assert.Equal(configuration.GetProperty("ptau_blake2b512").GetString(), ptau.GetProperty("blake2b512").GetString());
        var contributions = ceremony.GetProperty("contributions").EnumerateArray().ToList();
        Assert.True(contributions.Count >= 2, $"contributions: {ceremony}");
        Assert.All(contributions, c => Assert.Matches("^[0-9a-f]{128}$", c.GetProperty("hash").GetString()));
        Assert.Equal("beacon", contributions[^1].GetProperty("kind").GetString());
        Assert.Matches("^[0-9a-f]+$", contributions[^1].GetProperty("beacon_hash").GetString());
        Assert.Matches("^[0-9a-f]{128}$", ceremony.GetProperty("circuit_hash").GetString());
    }

    [Fact]
    public async Task Host_keeps_serving_the_intact_circuit()
    {
        var live = await Api.GetAsync(Http, "/health/live");
        Assert.True(live.Status == HttpStatusCode.OK, $"/health/live: {live}");
        var job = await Api.ProveAsync(Http, TamperedCircuitsHost.IntactId, Solvency.ExampleInputs());
        Assert.Equal(JsonValueKind.Array, job.GetProperty("public_signals").ValueKind);
    }
}
