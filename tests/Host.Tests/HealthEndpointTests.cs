using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CredentialHub.Host.Tests;

/// <summary>The served binary answers GET /health with the proof-system plugins it found, over real HTTP.</summary>
public class HealthEndpointTests
{
    [Fact]
    public async Task Health_reports_the_loaded_proof_system()
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(HostProcess.HostDirectory, "CredentialHub.Host.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? response = null;
            for (int attempt = 0; attempt < 100 && response is null; attempt++)
            {
                try
                {
                    response = await http.GetAsync($"http://127.0.0.1:{port}/health");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }
            Assert.NotNull(response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
            var proofSystems = body.RootElement.GetProperty("checks").GetProperty("proof_systems");
            Assert.Equal("healthy", proofSystems.GetProperty("status").GetString());
            Assert.Equal("groth16-bn254", proofSystems.GetProperty("data").GetProperty("proof_systems")[0].GetString());
            Assert.Equal("loaded", proofSystems.GetProperty("data").GetProperty("plugins")[0].GetProperty("status").GetString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
