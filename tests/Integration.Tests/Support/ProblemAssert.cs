using System.Net;
using System.Text.Json;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>Assertions on RFC 7807 problem documents with the service's <c>field</c> member.</summary>
internal static class ProblemAssert
{
    /// <summary>
    /// The reply is a problem document (application/problem+json) with this status, a title, and <c>field</c> equal to
    /// <paramref name="field"/>; none of <paramref name="secrets"/> appears anywhere in the body.
    /// </summary>
    internal static JsonElement Problem(Reply reply, HttpStatusCode status, string field, params string[] secrets)
    {
        Assert.True(reply.Status == status, $"expected {(int)status}, got {reply}");
        Assert.True(reply.MediaType == "application/problem+json", $"expected application/problem+json, got {reply}");
        var problem = reply.Json;
        Assert.True(problem.ValueKind == JsonValueKind.Object, $"not a JSON object: {reply}");
        Assert.True(problem.TryGetProperty("status", out var s) && s.GetInt32() == (int)status, $"status member missing or wrong: {reply}");
        Assert.True(problem.TryGetProperty("title", out var t) && !string.IsNullOrWhiteSpace(t.GetString()), $"title missing: {reply}");
        Assert.True(problem.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String, $"field member missing: {reply}");
        Assert.True(f.GetString() == field, $"expected field '{field}', got '{f.GetString()}' in {reply}");
        NoSecrets(reply, secrets);
        return problem;
    }

    internal static void NoSecrets(Reply reply, params string[] secrets)
    {
        foreach (string secret in secrets)
        {
            Assert.False(reply.Body.Contains(secret, StringComparison.Ordinal), $"the private value {secret} is echoed in the response: {reply}");
        }
    }

    /// <summary>No 5xx other than 503, and a 503 carries Retry-After.</summary>
    internal static void NoServerError(Reply reply, string what)
    {
        Assert.False(reply.Code >= 500 && reply.Code != 503, $"{what}: server error {reply}");
        if (reply.Code == 503)
        {
            Assert.True(reply.Headers.RetryAfter is not null, $"{what}: 503 without Retry-After: {reply}");
        }
    }
}
