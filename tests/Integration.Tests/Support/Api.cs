using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>An HTTP answer read in full: status, headers, body text and (when it is JSON) the parsed body.</summary>
internal sealed record Reply(HttpStatusCode Status, string Body, string? MediaType, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public int Code => (int)Status;

    public string? String(string member) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public override string ToString() => $"{Code} {MediaType}: {(Body.Length > 1500 ? Body[..1500] + "…" : Body)}";
}

/// <summary>Calls of the service's API used by the tests.</summary>
internal static class Api
{
    internal static async Task<Reply> SendAsync(HttpClient http, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, response.Headers, response.Content.Headers);
    }

    internal static Task<Reply> GetAsync(HttpClient http, string path) => SendAsync(http, HttpMethod.Get, path);

    internal static Task<Reply> PostJsonAsync(HttpClient http, string path, string json, string contentType = "application/json") =>
        SendAsync(http, HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, contentType));

    internal static Task<Reply> PostJsonAsync(HttpClient http, string path, JsonNode body) =>
        PostJsonAsync(http, path, body.ToJsonString());

    internal static Task<Reply> GenerateAsync(HttpClient http, string circuitId, JsonNode inputs) =>
        PostJsonAsync(http, "/proofs/generate", new JsonObject { ["circuit_id"] = circuitId, ["inputs"] = inputs });

    /// <summary>Polls GET /proofs/{id} until the job is succeeded or failed (bounded).</summary>
    internal static async Task<JsonElement> WaitForProofAsync(HttpClient http, string id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Reply? last = null;
        while (clock.Elapsed < timeout)
        {
            last = await GetAsync(http, $"/proofs/{id}");
            Assert.True(last.Status == HttpStatusCode.OK, $"GET /proofs/{id}: {last}");
            string? status = last.String("status");
            if (status is "succeeded" or "failed")
            {
                return last.Json;
            }
            Assert.True(status is "queued" or "running", $"GET /proofs/{id}: unexpected status in {last}");
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"proof {id} did not finish within {timeout.TotalSeconds:0} s; last answer {last}");
    }

    /// <summary>Generates a proof and returns the finished job (waiting through a 202 if the request wait ran out).</summary>
    internal static async Task<JsonElement> ProveAsync(HttpClient http, string circuitId, JsonNode inputs, TimeSpan? timeout = null)
    {
        var reply = await GenerateAsync(http, circuitId, inputs);
        Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"POST /proofs/generate ({circuitId}): {reply}");
        string id = reply.String("proof_id") ?? throw new Xunit.Sdk.XunitException($"no proof_id in {reply}");
        var job = reply.Status == HttpStatusCode.OK ? reply.Json : await WaitForProofAsync(http, id, timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(job.GetProperty("status").GetString() == "succeeded", $"proof {id} did not succeed: {job}");
        return job;
    }

    /// <summary>A one-time nonce from POST /proofs/challenges.</summary>
    internal static async Task<string> ChallengeAsync(HttpClient http)
    {
        var reply = await PostJsonAsync(http, "/proofs/challenges", "{}");
        Assert.True(reply.Status == HttpStatusCode.OK, $"POST /proofs/challenges: {reply}");
        return reply.String("nonce") ?? throw new Xunit.Sdk.XunitException($"no nonce in {reply}");
    }

    /// <summary>Health as JSON, whatever the status code (200 or 503).</summary>
    internal static async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(HttpClient http)
    {
        var reply = await GetAsync(http, "/health");
        return (reply.Status, reply.Json);
    }
}

/// <summary>Inputs of the shipped solvency circuit.</summary>
internal static class Solvency
{
    internal const string Id = "solvency";

    /// <summary>circuits/solvency/example-input.json: a valid input.</summary>
    internal static JsonObject ExampleInputs() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(HostProcess.SolvencyDirectory, "example-input.json")))!.AsObject();

    /// <summary>Inputs with the given decimal strings (assets and liabilities: 8 each, each below 2^64).</summary>
    internal static JsonObject Inputs(IReadOnlyList<string> assets, IReadOnlyList<string> liabilities, string salt, string institutionHash) => new()
    {
        ["assets"] = new JsonArray([.. assets.Select(a => (JsonNode)JsonValue.Create(a))]),
        ["liabilities"] = new JsonArray([.. liabilities.Select(a => (JsonNode)JsonValue.Create(a))]),
        ["salt"] = salt,
        ["institution_hash"] = institutionHash,
    };
}
