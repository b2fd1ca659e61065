using System.Net;
using System.Text.Json;

namespace CredentialHub.Host.Tests;

/// <summary>The OpenAPI document behind /swagger: every endpoint is described, with schemas and examples.</summary>
public class ApiDocumentationTests
{
    [Fact]
    public async Task Every_endpoint_has_a_response_example_and_every_post_a_request_body()
    {
        await using var server = await HostProcess.StartAsync();
        using var ui = await server.Http.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        using var response = await server.Http.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var operations = new List<string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                string name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                operations.Add(name);
                bool hasExample = operation.Value.GetProperty("responses").EnumerateObject()
                    .Any(r => r.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any(m => m.Value.TryGetProperty("example", out _)));
                Assert.True(hasExample, $"{name} has no response example");
                if (operation.Name == "post")
                {
                    Assert.True(operation.Value.TryGetProperty("requestBody", out var body) && body.GetProperty("content").EnumerateObject().Any(), $"{name} has no request body schema");
                }
            }
        }
        Assert.Subset(operations.ToHashSet(), new HashSet<string>
        {
            "POST /proofs/generate", "POST /proofs/verify", "GET /proofs/{id}",
            "GET /circuits", "GET /circuits/{id}", "GET /circuits/{id}/verification_key", "POST /circuits",
            "GET /health", "GET /health/live",
            "POST /credentials", "GET /credentials/{id}", "DELETE /credentials/{id}", "GET /credentials/issuer-keys", "POST /proofs/challenges",
        });
    }
}
