using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// Issue 13: the exact requests a hostile-input run found answering 500 (or the wrong 4xx), each in both storage modes
// (in memory and PostgreSQL): a clear problem document naming what was wrong, never a 5xx.
[Collection(PostgresAndRedisCollection.Name)]
public sealed class HostileInputTests(PostgresServer postgres)
{
    private static readonly string[] JsonEndpoints = ["/proofs/generate", "/proofs/verify", "/proofs/challenges", "/credentials"];

    public static TheoryData<string> StorageModes => new() { "memory", "postgres" };

    private async Task<(RunningHost Host, TestDatabase? Database)> StartAsync(string mode)
    {
        if (mode == "memory")
        {
            return (await HostProcess.StartAsync(new Dictionary<string, string>()), null);
        }
        var database = await postgres.CreateDatabaseAsync();
        return (await HostProcess.StartAsync(new Dictionary<string, string> { ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString) }), database);
    }

    [Theory]
    [MemberData(nameof(StorageModes))]
    public async Task Framing_errors_are_problem_documents_not_500(string mode)
    {
        var (host, database) = await StartAsync(mode);
        await using var db = database;
        await using var running = host;
        var failures = new List<string>();
        foreach (string path in JsonEndpoints)
        {
            // The chunk size overflows 64 bits: Kestrel throws an IOException ("Bad chunk size data") from the body read.
            var overflow = await RawHttp.SendAsync(host.Address,
                $"POST {path} HTTP/1.1\r\n{RawHttp.Key(host.ApiKey)}Content-Type: application/json\r\nTransfer-Encoding: chunked",
                "ffffffffffffffff\r\n{}\r\n0\r\n\r\n"u8.ToArray());
            Expect(failures, $"POST {path} chunk size ffffffffffffffff", overflow, 400, "body");
            // A chunk size that is not hexadecimal, and a body that ends before its declared length.
            var notHex = await RawHttp.SendAsync(host.Address,
                $"POST {path} HTTP/1.1\r\n{RawHttp.Key(host.ApiKey)}Content-Type: application/json\r\nTransfer-Encoding: chunked",
                "zz\r\n{}\r\n0\r\n\r\n"u8.ToArray());
            Expect(failures, $"POST {path} chunk size zz", notHex, 400, "body");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.False(host.Process.HasExited, "the host stopped");
    }

    [Theory]
    [MemberData(nameof(StorageModes))]
    public async Task Control_characters_in_identifiers_and_duplicate_members_are_refused_naming_the_field(string mode)
    {
        var (host, database) = await StartAsync(mode);
        await using var db = database;
        await using var running = host;
        var failures = new List<string>();
        string proof = """{"pi_a":["1","2","1"],"pi_b":[["1","2"],["3","4"],["1","0"]],"pi_c":["1","2","1"],"protocol":"groth16","curve":"bn128"}""";
        var cases = new (string Path, string Body, int Status, string Field)[]
        {
            // A NUL in circuit_id was a 500 on PostgreSQL (22021) and a 404 in memory.
            ("/proofs/generate", """{"circuit_id":"solvency\u0000","inputs":{}}""", 400, "circuit_id"),
            ("/proofs/verify", "{\"circuit_id\":\"solvency\\u0000\",\"proof\":" + proof + ",\"public_signals\":[\"1\",\"2\"]}", 400, "circuit_id"),
            ("/proofs/generate", """{"circuit_id":"solvency\n","inputs":{}}""", 400, "circuit_id"),
            ("/proofs/generate", """{"circuit_id":"sol\u007fvency","inputs":{}}""", 400, "circuit_id"),
            ("/proofs/verify", "{\"circuit_id\":\"\\u0085solvency\",\"proof\":" + proof + ",\"public_signals\":[]}", 400, "circuit_id"),
            // Duplicate member names: the last one used to win (public_signals given twice verified with the second).
            ("/proofs/verify", "{\"circuit_id\":\"solvency\",\"proof\":" + proof + ",\"public_signals\":[\"1\"],\"public_signals\":[\"1\",\"2\"]}", 400, "public_signals"),
            ("/proofs/verify", """{"proof_id":"00000000-0000-0000-0000-000000000000","proof_id":"00000000-0000-0000-0000-000000000001"}""", 400, "proof_id"),
            ("/proofs/verify", "{\"circuit_id\":\"solvency\",\"proof\":{\"pi_a\":[],\"pi_a\":[]},\"public_signals\":[]}", 400, "proof.pi_a"),
            ("/proofs/generate", """{"circuit_id":"solvency","circuit_id":"selective-disclosure","inputs":{}}""", 400, "circuit_id"),
            ("/proofs/generate", """{"circuit_id":"selective-disclosure","credential_id":"00000000-0000-0000-0000-000000000000","predicates":[{"attribute":"a","op":">=","op":"<=","value":1}],"nonce":"1"}""", 400, "predicates[0].op"),
            ("/proofs/generate", """{"circuit_id":"solvency","inputs":{"salt":"1","sa\u006ct":"2"}}""", 400, "inputs.salt"),
            ("/proofs/challenges", """{"lifetime_seconds":10,"lifetime_seconds":20}""", 400, "lifetime_seconds"),
            ("/credentials", """{"subject":"a","subject":"b","type":"T","attributes":[]}""", 400, "subject"),
            ("/credentials", """{"subject":"a","type":"T","attributes":[{"name":"n","type":"integer","value":1,"value":2}]}""", 400, "attributes[0].value"),
            // A control character in a member name.
            ("/proofs/generate", """{"circuit_id":"solvency","inputs":{"sa\u0000lt":"1"}}""", 400, "inputs.sa\\u0000lt"),
        };
        foreach (var (path, body, status, field) in cases)
        {
            var answer = await RawHttp.PostJsonAsync(host.Address, path, body, host.ApiKey);
            Expect(failures, $"POST {path} {body}", answer, status, field);
        }
        // In the path: control characters other than NUL reach the application (Kestrel refuses %00 itself).
        foreach (string path in new[] { "/circuits/solvency%01", "/circuits/solvency%0A", "/circuits/solvency%7F/verification_key", "/circuits/%C2%85" })
        {
            var answer = await RawHttp.SendAsync(host.Address, $"GET {path} HTTP/1.1");
            Expect(failures, $"GET {path}", answer, 400, "id");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.False(host.Process.HasExited, "the host stopped");
    }

    [Theory]
    [MemberData(nameof(StorageModes))]
    public async Task Uploads_challenges_and_framework_problems_get_the_right_answer(string mode)
    {
        var (host, database) = await StartAsync(mode);
        await using var db = database;
        await using var running = host;
        var failures = new List<string>();

        // POST /proofs/challenges with no body at all (no Content-Length, no Transfer-Encoding, no Content-Type): the defaults.
        var bare = await RawHttp.SendAsync(host.Address, $"POST /proofs/challenges HTTP/1.1\r\n{RawHttp.Key(host.ApiKey)}".TrimEnd());
        if (bare.Status != 200 || !bare.Json.TryGetProperty("nonce", out _))
        {
            failures.Add($"POST /proofs/challenges without a body: expected 200 with a nonce, got {bare}");
        }
        var empty = await RawHttp.SendAsync(host.Address, $"POST /proofs/challenges HTTP/1.1\r\n{RawHttp.Key(host.ApiKey)}Content-Length: 0");
        if (empty.Status != 200)
        {
            failures.Add($"POST /proofs/challenges with Content-Length: 0: expected 200, got {empty}");
        }
        var emptyChunked = await RawHttp.SendAsync(host.Address, $"POST /proofs/challenges HTTP/1.1\r\n{RawHttp.Key(host.ApiKey)}Transfer-Encoding: chunked", "0\r\n\r\n"u8.ToArray());
        if (emptyChunked.Status != 200)
        {
            failures.Add($"POST /proofs/challenges with an empty chunked body: expected 200, got {emptyChunked}");
        }
        var textChallenge = await RawHttp.SendAsync(host.Address, $"POST /proofs/challenges HTTP/1.1\r\n{RawHttp.Key(host.ApiKey)}Transfer-Encoding: chunked", RawHttp.Chunk("{}"u8.ToArray()), "0\r\n\r\n"u8.ToArray());
        Expect(failures, "POST /proofs/challenges with a body and no Content-Type", textChallenge, 415, "content-type");

        // POST /circuits with another media type and a large body: 415 (was a 413 naming the 10 KB JSON cap).
        var plain = await RawHttp.SendAsync(host.Address, $"POST /circuits HTTP/1.1\r\n{RawHttp.Key(host.ApiKey)}Content-Type: text/plain\r\nContent-Length: 20000", new byte[20000]);
        Expect(failures, "POST /circuits text/plain 20000 bytes", plain, 415, "content-type");
        if (plain.Status == 415 && !plain.Json.GetProperty("detail").GetString()!.Contains("multipart/form-data", StringComparison.Ordinal))
        {
            failures.Add($"the 415 for POST /circuits does not say to send multipart/form-data: {plain}");
        }
        var json = await RawHttp.SendAsync(host.Address, $"POST /circuits HTTP/1.1\r\n{RawHttp.Key(host.ApiKey)}Content-Type: application/json\r\nContent-Length: 300000", new byte[300000]);
        Expect(failures, "POST /circuits application/json 300 KB", json, 415, "content-type");

        // A 65 MiB chunked upload (no declared length): 413 (was a 400).
        byte[] head = Encoding.ASCII.GetBytes("--XX\r\nContent-Disposition: form-data; name=\"wasm\"; filename=\"circuit.wasm\"\r\nContent-Type: application/wasm\r\n\r\n");
        var megabyte = RawHttp.Chunk(new byte[1 << 20]);
        var upload = await RawHttp.SendAsync(host.Address,
            $"POST /circuits HTTP/1.1\r\n{RawHttp.Key(host.ApiKey)}Content-Type: multipart/form-data; boundary=XX\r\nTransfer-Encoding: chunked",
            [RawHttp.Chunk(head), .. Enumerable.Repeat(megabyte, 65), "0\r\n\r\n"u8.ToArray()]);
        Expect(failures, "POST /circuits 65 MiB chunked", upload, 413, "body");

        // An uploaded configuration naming a wasm file with a NUL in it.
        var configuration = JsonNode.Parse(CircuitFiles.Read("circuit.json"))!.AsObject();
        configuration["id"] = "nul-file-name";
        configuration["wasm_file"] = "x\u0000";
        var nulFile = await Api.SendAsync(host.Http, HttpMethod.Post, "/circuits",
            CircuitFiles.Upload(Encoding.UTF8.GetBytes(configuration.ToJsonString()), CircuitFiles.Read("circuit.wasm"), CircuitFiles.Read("circuit_final.zkey"), CircuitFiles.Read("verification_key.json")));
        if (nulFile.Status != HttpStatusCode.BadRequest || !nulFile.Body.Contains("wasm_file", StringComparison.Ordinal) || !nulFile.Body.Contains("control character", StringComparison.Ordinal))
        {
            failures.Add($"a wasm_file with a NUL: expected 400 naming wasm_file and the control character, got {nulFile}");
        }

        // Problems raised by the framework itself say what to do.
        foreach (var (request, status, hint) in new[]
        {
            ("GET /no-such-endpoint HTTP/1.1", 404, "/swagger"),
            ("DELETE /proofs/verify HTTP/1.1", 405, "POST"),
            ("PUT /circuits HTTP/1.1\r\nContent-Length: 0", 405, "POST"),
        })
        {
            var answer = await RawHttp.SendAsync(host.Address, request);
            string detail = answer.MediaType == "application/problem+json" && answer.Json.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            if (answer.Status != status || !detail.Contains(hint, StringComparison.Ordinal))
            {
                failures.Add($"{request}: expected {status} with a detail mentioning {hint}, got {answer}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.False(host.Process.HasExited, "the host stopped");
    }

    private static void Expect(List<string> failures, string what, RawHttp.Answer answer, int status, string field)
    {
        if (answer.Status != status)
        {
            failures.Add($"{what}: expected {status}, got {answer}");
            return;
        }
        if (answer.MediaType != "application/problem+json")
        {
            failures.Add($"{what}: not a problem document: {answer}");
            return;
        }
        var problem = answer.Json;
        if (!problem.TryGetProperty("field", out var f) || f.GetString() != field)
        {
            failures.Add($"{what}: expected field '{field}': {answer}");
        }
        if (!problem.TryGetProperty("detail", out var detail) || string.IsNullOrWhiteSpace(detail.GetString()))
        {
            failures.Add($"{what}: no detail: {answer}");
        }
    }
}
