using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CredentialHub.Host.Tests;

/// <summary>
/// Calls the running service as a client of its OpenAPI document would: each request body is checked against the
/// operation's request schema, and each answer must be a status the operation documents, with a body that matches the
/// schema documented for that status and media type.
/// </summary>
internal sealed class DocumentedCalls(DocumentedHost host, OpenApiSchemaValidator validator)
{
    /// <summary>Calls the operation; fails unless the answer is <paramref name="expected"/> and matches its documented schema. Returns the body.</summary>
    public async Task<JsonElement> CallAsync(string operationId, HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        var operation = host.Operation(operationId);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            using var sent = JsonDocument.Parse(body);
            var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            var refused = validator.Validate(schema, sent.RootElement);
            Assert.True(refused.Count == 0, $"{operationId}: the request does not match its documented schema: {string.Join("; ", refused)}");
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await host.Server.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        string status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string mediaType = response.Content.Headers.ContentType?.MediaType ?? "(none)";
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var documented), $"{operationId} answered {status}, which its operation does not document");
        JsonElement media = default;
        Assert.True(documented.TryGetProperty("content", out var content) && content.TryGetProperty(mediaType, out media),
            $"{operationId} answered {status} as {mediaType}, which its operation does not document");
        using var answer = JsonDocument.Parse(text);
        var problems = validator.Validate(media.GetProperty("schema"), answer.RootElement);
        Assert.True(problems.Count == 0, $"{operationId} {status}: the answer does not match its documented schema: {string.Join("; ", problems)}\n{OpenApiSchemaValidator.Show(answer.RootElement)}");
        return answer.RootElement.Clone();
    }

    /// <summary>Makes a proof (POST /proofs/generate, then GET /proofs/{id} until it is done); returns the succeeded job.</summary>
    public async Task<JsonElement> ProveAsync(string body)
    {
        var operation = host.Operation("GenerateProof");
        using (var sent = JsonDocument.Parse(body))
        {
            var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            var refused = validator.Validate(schema, sent.RootElement);
            Assert.True(refused.Count == 0, $"GenerateProof: the request does not match its documented schema: {string.Join("; ", refused)}");
        }
        // 200 when the proof is ready within the wait, else 202 with the job to poll: either is documented.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/proofs/generate") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await host.Server.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"POST /proofs/generate: {(int)response.StatusCode} {text}");
        using var answer = JsonDocument.Parse(text);
        string status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problems = validator.Validate(ApiDocumentationTests.ResponseSchema(operation, status, "application/json"), answer.RootElement);
        Assert.True(problems.Count == 0, $"GenerateProof {status}: the answer does not match its documented schema: {string.Join("; ", problems)}");
        var job = answer.RootElement.Clone();
        var clock = Stopwatch.StartNew();
        while (job.GetProperty("status").GetString() is "queued" or "running")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"the proof is still {job.GetProperty("status").GetString()} after 2 minutes");
            await Task.Delay(200);
            job = await CallAsync("GetProof", HttpMethod.Get, $"/proofs/{job.GetProperty("proof_id").GetString()}", null, HttpStatusCode.OK);
        }
        Assert.True(job.GetProperty("status").GetString() == "succeeded", $"the proof failed: {job}");
        return job;
    }
}
