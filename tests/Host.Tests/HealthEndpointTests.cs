using System.Net;
using System.Text.Json;

namespace CredentialHub.Host.Tests;

/// <summary>The served binary answers GET /health with the proof-system plugins it found, over real HTTP.</summary>
public class HealthEndpointTests
{
    [Fact]
    public async Task Health_reports_the_loaded_proof_system()
    {
        await using var server = await HostProcess.StartAsync();
        using var response = await server.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        var proofSystems = body.RootElement.GetProperty("checks").GetProperty("proof_systems");
        Assert.Equal("healthy", proofSystems.GetProperty("status").GetString());
        Assert.Equal("groth16-bn254", proofSystems.GetProperty("data").GetProperty("proof_systems")[0].GetString());
        Assert.Equal("loaded", proofSystems.GetProperty("data").GetProperty("plugins")[0].GetProperty("status").GetString());
    }
}
