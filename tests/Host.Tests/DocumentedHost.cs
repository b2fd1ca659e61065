using System.Net;
using System.Text.Json;

namespace CredentialHub.Host.Tests;

/// <summary>One running host (embedded defaults, admin key) and the OpenAPI document it serves, shared by a test class.</summary>
public sealed class DocumentedHost : IAsyncLifetime
{
    /// <summary>Where the document is served (README, Swagger UI).</summary>
    public const string DocumentPath = "/swagger/v1/swagger.json";

    private RunningHost? _server;

    private JsonDocument? _document;

    public RunningHost Server => _server ?? throw new InvalidOperationException("not started");

    /// <summary>The document as served.</summary>
    public string Text { get; private set; } = "";

    public JsonElement Document => (_document ?? throw new InvalidOperationException("not started")).RootElement;

    public async Task InitializeAsync()
    {
        // The document is the subject here, not deadlines: a proof on a loaded machine may take longer than the default 10 s.
        _server = await HostProcess.StartAsync(new Dictionary<string, string> { ["PROOF_TIMEOUT_SECONDS"] = "120" });
        using var response = await _server.Http.GetAsync(DocumentPath);
        Text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {DocumentPath}: {(int)response.StatusCode} {Text}");
        _document = JsonDocument.Parse(Text);
    }

    public async Task DisposeAsync()
    {
        _document?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Every operation: method, path, and the operation object.</summary>
    public IEnumerable<(string Method, string Path, JsonElement Operation)> Operations() =>
        Document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Name.ToUpperInvariant(), path.Name, operation.Value)));

    /// <summary>The operation with this id.</summary>
    public JsonElement Operation(string operationId) =>
        Operations().Single(o => o.Operation.TryGetProperty("operationId", out var id) && id.GetString() == operationId).Operation;
}
