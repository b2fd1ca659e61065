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
        await output.WriteLineAsync($"admin API key (every scope; shown once, kept in memory by this process only): {key}");
        await output.FlushAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
