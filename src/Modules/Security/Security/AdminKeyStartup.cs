using CredentialHub.Security.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security;

/// <summary>In the embedded mode (keys in process), creates an admin key holding every scope and prints it once.</summary>
internal sealed class AdminKeyStartup(ApiKeys keys, IOptions<SecurityModuleOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (_, key) = await keys.CreateAsync("admin (embedded mode)", ApiKeys.AllScopes, cancellationToken);
        var output = options.Value.AdminKeyOutput ?? Console.Out;
        // On a line of its own between blank ones, the key last, so that it is found in the start-up output and copied
        // with a double click. One write: the console logger writes from its own thread through the same synchronised
        // writer, and separate writes would let a log line land inside the block.
        string newline = output.NewLine;
        await output.WriteAsync(
            newline
            + $"admin API key (every scope; shown once, kept in memory by this process only): {key}" + newline
            + "send it as the X-API-Key header (Swagger UI: Authorize), e.g. KEY=<the key above>; curl -H \"X-API-Key: $KEY\" …" + newline
            + newline);
        await output.FlushAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
