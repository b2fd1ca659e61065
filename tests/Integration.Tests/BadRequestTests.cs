using System.Net;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 5. Bad requests: the right 4xx, a problem document whose field names the fault, and no private value echoed.
public sealed partial class MainHostTests
{
    private static readonly string[] BadAssets = [.. Enumerable.Range(1, 8).Select(i => $"555000111222333444{i}")];
    private static readonly string[] BadLiabilities = [.. Enumerable.Range(1, 8).Select(i => $"111000222333444555{i}")];
    private const string BadSalt = "3141592653589793238462643383279502884197169399375105820974944592307816406";

    private static JsonObject BadBase() =>
        Solvency.Inputs(BadAssets, BadLiabilities, BadSalt, "9060008159251157464131624822914499583245689551817690021764996682452381300790");

    private static string[] Secrets(params string[] extra) => [.. BadAssets, .. BadLiabilities, BadSalt, .. extra];

    private static string Generate(JsonObject inputs, string circuitId = Solvency.Id) =>
        new JsonObject { ["circuit_id"] = circuitId, ["inputs"] = inputs }.ToJsonString();

    public static TheoryData<string> BadGenerateRequests => new()
    {
        "malformed-json", "unknown-circuit", "unknown-input", "wrong-array-length", "value-at-2^64", "value-at-least-r",
        "negative-number", "hex-where-decimal-only", "json-number-where-decimal-only", "over-circuit-limit", "not-json-content-type",
        "unknown-top-level-field", "inputs-missing", "input-missing", "over-service-limit", "input-given-twice",
    };

    [Theory]
    [MemberData(nameof(BadGenerateRequests))]
    public async Task Bad_generate_request_is_refused_naming_the_field(string name)
    {
        var inputs = BadBase();
        (string body, string contentType, HttpStatusCode status, string field, string[] secrets) c = name switch
        {
            "malformed-json" => (Generate(inputs)[..^10], "application/json", HttpStatusCode.BadRequest, "body", Secrets()),
            "unknown-circuit" => (Generate(inputs, "no-such-circuit"), "application/json", HttpStatusCode.NotFound, "circuit_id", Secrets()),
            "unknown-input" => (Generate(With(inputs, i => i["bogus"] = "8888777766665555444")), "application/json", HttpStatusCode.BadRequest, "inputs.bogus", Secrets("8888777766665555444")),
            "wrong-array-length" => (Generate(With(inputs, i => i["assets"]!.AsArray().RemoveAt(7))), "application/json", HttpStatusCode.BadRequest, "inputs.assets", Secrets()),
            "value-at-2^64" => (Generate(With(inputs, i => i["assets"]![5] = "18446744073709551616")), "application/json", HttpStatusCode.BadRequest, "inputs.assets[5]", Secrets("18446744073709551616")),
            "value-at-least-r" => (Generate(With(inputs, i => i["salt"] = "21888242871839275222246405745257275088548364400416034343698204186575808512345")), "application/json", HttpStatusCode.BadRequest, "inputs.salt", Secrets("21888242871839275222246405745257275088548364400416034343698204186575808512345")),
            "negative-number" => (Generate(With(inputs, i => i["assets"]![2] = "-4242424242424242")), "application/json", HttpStatusCode.BadRequest, "inputs.assets[2]", Secrets("4242424242424242")),
            "hex-where-decimal-only" => (Generate(With(inputs, i => i["liabilities"]![1] = "0x1f2e3d4c5b6a7988")), "application/json", HttpStatusCode.BadRequest, "inputs.liabilities[1]", Secrets("1f2e3d4c5b6a7988")),
            "json-number-where-decimal-only" => (Generate(With(inputs, i => i["liabilities"]![4] = 6061626364656667)), "application/json", HttpStatusCode.BadRequest, "inputs.liabilities[4]", Secrets("6061626364656667")),
            "over-circuit-limit" => (Generate(inputs).Replace("{\"circuit_id\"", "{" + new string(' ', 1100) + "\"circuit_id\"", StringComparison.Ordinal), "application/json", HttpStatusCode.RequestEntityTooLarge, "body", Secrets()),
            "not-json-content-type" => (Generate(inputs), "text/plain", HttpStatusCode.UnsupportedMediaType, "content-type", Secrets()),
            "unknown-top-level-field" => (new JsonObject { ["circuit_id"] = Solvency.Id, ["inputs"] = inputs, ["extra"] = "x" }.ToJsonString(), "application/json", HttpStatusCode.BadRequest, "extra", Secrets()),
            "inputs-missing" => (new JsonObject { ["circuit_id"] = Solvency.Id }.ToJsonString(), "application/json", HttpStatusCode.BadRequest, "inputs", []),
            "over-service-limit" => (Generate(inputs).Replace("{\"circuit_id\"", "{" + new string(' ', 11 * 1024) + "\"circuit_id\"", StringComparison.Ordinal), "application/json", HttpStatusCode.RequestEntityTooLarge, "body", Secrets()),
            "input-given-twice" => (Generate(inputs).Replace("\"salt\":", "\"salt\":\"7\",\"salt\":", StringComparison.Ordinal), "application/json", HttpStatusCode.BadRequest, "inputs.salt", Secrets()),
            "input-missing" => (Generate(With(inputs, i => i.Remove("salt"))), "application/json", HttpStatusCode.BadRequest, "inputs.salt", Secrets()),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        if (name == "over-circuit-limit")
        {
            Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(c.body), 1025, 10 * 1024);
        }

        var reply = await Api.PostJsonAsync(Http, "/proofs/generate", c.body, c.contentType);

        ProblemAssert.Problem(reply, c.status, c.field, c.secrets);
    }

    [Fact]
    public async Task Chunked_body_over_the_service_limit_is_refused_with_413()
    {
        // No Content-Length: the limit must hold while the body streams in.
        string body = Generate(BadBase()).Replace("{\"circuit_id\"", "{" + new string(' ', 12 * 1024) + "\"circuit_id\"", StringComparison.Ordinal);
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/proofs/generate") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await Http.SendAsync(request);
        var reply = new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, response.Headers, response.Content.Headers);
        ProblemAssert.Problem(reply, HttpStatusCode.RequestEntityTooLarge, "body", Secrets());
    }

    [Fact]
    public async Task Proof_id_that_is_not_a_uuid_is_refused_naming_id()
    {
        var reply = await Api.GetAsync(Http, "/proofs/not-a-uuid");
        ProblemAssert.Problem(reply, HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task Unknown_proof_is_404_naming_id()
    {
        var reply = await Api.GetAsync(Http, $"/proofs/{Guid.NewGuid()}");
        ProblemAssert.Problem(reply, HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task Verify_of_unknown_proof_is_404_naming_proof_id()
    {
        var reply = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject { ["proof_id"] = Guid.NewGuid().ToString() });
        ProblemAssert.Problem(reply, HttpStatusCode.NotFound, "proof_id");
    }

    public static TheoryData<string> BadVerifyRequests => new()
    {
        "malformed-json", "proof-id-not-uuid", "proof-id-with-documents", "circuit-missing", "proof-not-object", "signals-missing",
        "proof-member-missing", "signal-not-a-number", "unknown-circuit", "unknown-top-level-field", "not-json-content-type",
    };

    [Theory]
    [MemberData(nameof(BadVerifyRequests))]
    public async Task Bad_verify_request_is_refused_naming_the_field(string name)
    {
        var proof = JsonNode.Parse("""
            {"pi_a":["1","2","1"],"pi_b":[["1","2"],["3","4"],["1","0"]],"pi_c":["1","2","1"],"protocol":"groth16","curve":"bn128"}
            """)!.AsObject();
        JsonObject Documents(string circuit = Solvency.Id) => new() { ["circuit_id"] = circuit, ["proof"] = proof.DeepClone(), ["public_signals"] = new JsonArray("1", "2") };
        (string body, string contentType, HttpStatusCode status, Func<string, bool> field) c = name switch
        {
            "malformed-json" => ("{\"proof_id\": ", "application/json", HttpStatusCode.BadRequest, f => f == "body"),
            "proof-id-not-uuid" => (new JsonObject { ["proof_id"] = "x" }.ToJsonString(), "application/json", HttpStatusCode.BadRequest, f => f == "proof_id"),
            "proof-id-with-documents" => (With(Documents(), d => d["proof_id"] = Guid.NewGuid().ToString()).ToJsonString(), "application/json", HttpStatusCode.BadRequest, f => f == "proof_id"),
            "circuit-missing" => (With(Documents(), d => d.Remove("circuit_id")).ToJsonString(), "application/json", HttpStatusCode.BadRequest, f => f == "circuit_id"),
            "proof-not-object" => (With(Documents(), d => d["proof"] = "proof").ToJsonString(), "application/json", HttpStatusCode.BadRequest, f => f == "proof"),
            "signals-missing" => (With(Documents(), d => d.Remove("public_signals")).ToJsonString(), "application/json", HttpStatusCode.BadRequest, f => f == "public_signals"),
            "proof-member-missing" => (With(Documents(), d => d["proof"]!.AsObject().Remove("pi_c")).ToJsonString(), "application/json", HttpStatusCode.BadRequest, f => f.StartsWith("proof", StringComparison.Ordinal)),
            "signal-not-a-number" => (With(Documents(), d => d["public_signals"]![1] = "two").ToJsonString(), "application/json", HttpStatusCode.BadRequest, f => f.StartsWith("public_signals", StringComparison.Ordinal)),
            "unknown-circuit" => (Documents("no-such-circuit").ToJsonString(), "application/json", HttpStatusCode.NotFound, f => f == "circuit_id"),
            "unknown-top-level-field" => (With(Documents(), d => d["extra"] = 1).ToJsonString(), "application/json", HttpStatusCode.BadRequest, f => f == "extra"),
            "not-json-content-type" => (Documents().ToJsonString(), "text/plain", HttpStatusCode.UnsupportedMediaType, f => f == "content-type"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var reply = await Api.PostJsonAsync(Http, "/proofs/verify", c.body, c.contentType);

        if (name == "signal-not-a-number" && reply.Status == HttpStatusCode.OK)
        {
            // Also acceptable: a verification result that the proof is not valid, with the reason.
            Assert.False(reply.Json.GetProperty("valid").GetBoolean(), $"a non-numeric public signal verified: {reply}");
            return;
        }
        Assert.True(reply.Status == c.status && reply.MediaType == "application/problem+json", $"expected a {(int)c.status} problem, got {reply}");
        string? field = reply.String("field");
        Assert.True(field is not null && c.field(field), $"unexpected field '{field}' in {reply}");
    }

    private static JsonObject With(JsonObject inputs, Action<JsonObject> change)
    {
        change(inputs);
        return inputs;
    }
}
