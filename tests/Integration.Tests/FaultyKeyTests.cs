using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

/// <summary>
/// A circuits folder with the real solvency circuit and a copy, <see cref="FaultyId"/>, whose proving key is well formed
/// but wrong: the first point of the zkey's H section (section 9) is replaced by the second one, another valid G1 point.
/// The header, the IC section and the verification key are untouched, so the exported verification key still matches
/// and the start-up checks of a development circuit pass; every proof made with the key fails its own verification. No
/// database.
/// </summary>
public sealed class FaultyKeyHost : IAsyncLifetime
{
    internal const string FaultyId = "solvency-faulty";

    private const int HSection = 9;
    private const int G1Bytes = 64;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"credentialhub-faulty-key-{Guid.NewGuid():N}");
    private RunningHost? _host;

    internal RunningHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        CircuitFiles.CopySolvency(Path.Combine(_directory, "solvency"));
        string faulty = Path.Combine(_directory, "faulty");
        CircuitFiles.CopySolvency(faulty);
        // At the development level: as a production circuit, this key would be refused at start-up by the trusted-setup
        // check (its H section no longer follows the ceremony); the out-of-service safeguard is for keys no such check covers.
        byte[] configuration = CircuitFiles.DevelopmentConfigurationWithId(FaultyId);
        await File.WriteAllBytesAsync(Path.Combine(faulty, "circuit.json"), configuration);
        byte[] zkey = CircuitFiles.Read("circuit_final.zkey");
        ReplaceFirstHPoint(zkey);
        await File.WriteAllBytesAsync(Path.Combine(faulty, "circuit_final.zkey"), zkey);
        string sums = Path.Combine(faulty, "SHA256SUMS");
        var lines = File.ReadAllLines(sums).Select(l =>
            l.EndsWith("  circuit.json", StringComparison.Ordinal) ? $"{CircuitFiles.Sha256(configuration)}  circuit.json"
            : l.EndsWith("  circuit_final.zkey", StringComparison.Ordinal) ? $"{CircuitFiles.Sha256(zkey)}  circuit_final.zkey"
            : l);
        await File.WriteAllLinesAsync(sums, lines);
        // Generous deadline and wait: on a loaded machine the first proof must still end in its verification, and the
        // generate request must still wait for it (a 504 or a 202 would say nothing about the key), within the client's 60 s.
        _host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["CIRCUITS_DIR"] = _directory,
            ["PROOF_TIMEOUT_SECONDS"] = "120",
            ["PROOF_WAIT_SECONDS"] = "55",
            // The audit events are read from the JSON lines' fields.
            ["LOG_FORMAT"] = "json",
        });
    }

    /// <summary>
    /// Copies H[1] over H[0] in the zkey's H section (found by id in the section table: u32 id, u64 length, body).
    /// Both are points of the key (little-endian Montgomery x ‖ y), so the result is a valid curve point.
    /// </summary>
    internal static void ReplaceFirstHPoint(byte[] zkey)
    {
        Assert.Equal("zkey", System.Text.Encoding.ASCII.GetString(zkey, 0, 4));
        int sections = (int)BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(8));
        long offset = 12;
        for (int i = 0; i < sections; i++)
        {
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan((int)offset));
            long length = (long)BinaryPrimitives.ReadUInt64LittleEndian(zkey.AsSpan((int)offset + 4));
            long body = offset + 12;
            if (id == HSection)
            {
                Assert.True(length >= 2 * G1Bytes, $"the H section has {length} bytes");
                var first = zkey.AsSpan((int)body, G1Bytes);
                var second = zkey.AsSpan((int)body + G1Bytes, G1Bytes);
                Assert.False(first.SequenceEqual(second), "H[0] and H[1] are already equal");
                second.CopyTo(first);
                return;
            }
            offset = body + length;
        }
        throw new InvalidOperationException("circuits/solvency/circuit_final.zkey has no H section");
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

// Issue 13, item 3: a proving key that is well formed but wrong takes its circuit out of service at its first proof.
public sealed class FaultyKeyTests(FaultyKeyHost fixture) : IClassFixture<FaultyKeyHost>
{
    private const string FaultyId = FaultyKeyHost.FaultyId;

    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task A_proof_failing_its_own_verification_takes_the_circuit_out_of_service()
    {
        string[] secrets = [.. Solvency.ExampleInputs()["assets"]!.AsArray().Select(a => a!.GetValue<string>()).Where(a => a.Length > 3)];

        // Before: served, in service (the start-up checks cannot see this fault).
        var before = await Api.GetAsync(Http, $"/circuits/{FaultyId}");
        Assert.True(before.Status == HttpStatusCode.OK && before.String("status") == "in-service", $"GET /circuits/{FaultyId} before any proof: {before}\n{fixture.Host.Tail(3000)}");

        // The first generate finds the fault: a 503 naming the circuit, not a 500.
        var first = await Api.GenerateAsync(Http, FaultyId, Solvency.ExampleInputs());
        var problem = ProblemAssert.Problem(first, HttpStatusCode.ServiceUnavailable, "circuit_id", secrets);
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.True(detail.Contains($"'{FaultyId}'", StringComparison.Ordinal) && detail.Contains("operator must replace its proving key", StringComparison.Ordinal),
            $"the first generate's problem does not name the circuit and say an operator must replace its proving key: {first}");
        Assert.True(first.Headers.RetryAfter?.Delta == TimeSpan.FromHours(1), $"Retry-After of a circuit out of service: {first}");

        // The job ended failed with the code faulty-key.
        string proofId = detail.Split(' ', 3)[1].TrimEnd(':');
        var job = await Api.GetAsync(Http, $"/proofs/{proofId}");
        Assert.True(job.Status == HttpStatusCode.OK && job.String("status") == "failed"
            && job.Json.GetProperty("error").GetProperty("code").GetString() == "faulty-key", $"GET /proofs/{proofId}: {job}");

        // The second is refused before any proof is attempted.
        var second = await Api.GenerateAsync(Http, FaultyId, Solvency.ExampleInputs());
        var secondProblem = ProblemAssert.Problem(second, HttpStatusCode.ServiceUnavailable, "circuit_id", secrets);
        Assert.Contains($"'{FaultyId}'", secondProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("operator must replace its proving key", secondProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // (no job: the detail is the circuit's state, not a proof's failure)
        Assert.StartsWith($"circuit '{FaultyId}' is out of service", secondProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The real solvency circuit still proves, and its proof verifies with the faulty circuit's verification key
        // (the same key): verification stays available.
        var proof = await Api.ProveAsync(Http, Solvency.Id, Solvency.ExampleInputs());
        var verified = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject
        {
            ["circuit_id"] = FaultyId,
            ["proof"] = JsonNode.Parse(proof.GetProperty("proof").GetRawText()),
            ["public_signals"] = JsonNode.Parse(proof.GetProperty("public_signals").GetRawText()),
        });
        Assert.True(verified.Status == HttpStatusCode.OK && verified.Json.GetProperty("valid").GetBoolean(), $"verify with the out-of-service circuit's key: {verified}");

        // GET /circuits/{id}: out of service with the reason.
        var circuit = await Api.GetAsync(Http, $"/circuits/{FaultyId}");
        Assert.True(circuit.Status == HttpStatusCode.OK && circuit.String("status") == "out-of-service"
            && circuit.Json.GetProperty("out_of_service").GetProperty("reason").GetString()!.Contains("faulty", StringComparison.Ordinal),
            $"GET /circuits/{FaultyId}: {circuit}");
        var intact = await Api.GetAsync(Http, $"/circuits/{Solvency.Id}");
        Assert.True(intact.String("status") == "in-service", $"GET /circuits/{Solvency.Id}: {intact}");

        // /health: degraded, naming the circuit and why.
        var (status, health) = await Api.HealthAsync(Http);
        Assert.True(status == HttpStatusCode.OK && health.GetProperty("status").GetString() == "degraded", $"/health ({(int)status}): {health}");
        var circuits = health.GetProperty("checks").GetProperty("circuits");
        Assert.Equal("degraded", circuits.GetProperty("status").GetString());
        Assert.Contains(FaultyId, circuits.GetProperty("description").GetString(), StringComparison.Ordinal);
        var outage = circuits.GetProperty("data").GetProperty("out_of_service").EnumerateArray().SingleOrDefault(o => o.GetProperty("id").GetString() == FaultyId);
        Assert.True(outage.ValueKind == JsonValueKind.Object && outage.GetProperty("reason").GetString()!.Contains("proving key", StringComparison.Ordinal),
            $"/health does not list {FaultyId} as out of service with a reason: {circuits}");

        // The audit line, once.
        var audit = AuditEvents("faulty-proving-key");
        Assert.True(audit.Count == 1 && audit[0].Contains(FaultyId, StringComparison.Ordinal),
            $"expected one audit event faulty-proving-key naming {FaultyId} under CredentialHub.Audit, got {audit.Count}:\n{fixture.Host.Tail(4000)}");

        // The metrics: the gauge, and exactly one job (the first; the second request made none).
        var scrape = await Api.GetAsync(Http, "/metrics");
        Assert.True(scrape.Status == HttpStatusCode.OK, $"GET /metrics: {scrape}");
        Assert.Equal(1, Value(scrape.Body, $"circuit_out_of_service{{circuit=\"{FaultyId}\"}}"));
        Assert.Equal(0, Value(scrape.Body, $"circuit_out_of_service{{circuit=\"{Solvency.Id}\"}}"));
        Assert.Equal(1, Value(scrape.Body, $"proof_generation_total{{circuit=\"{FaultyId}\",status=\"faulty-key\"}}"));
    }

    /// <summary>The messages of the host's log lines in category CredentialHub.Audit that mention this event.</summary>
    private List<string> AuditEvents(string name)
    {
        var found = new List<string>();
        foreach (string line in fixture.Host.Output.Split('\n'))
        {
            if (!line.TrimStart().StartsWith('{') || !line.Contains(name, StringComparison.Ordinal))
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("Category", out var category) && category.GetString() == "CredentialHub.Audit")
            {
                found.Add(root.GetProperty("Message").GetString()!);
            }
        }
        return found;
    }

    private static double Value(string exposition, string series)
    {
        foreach (string line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        throw new Xunit.Sdk.XunitException($"no series {series} in:\n{exposition}");
    }
}
