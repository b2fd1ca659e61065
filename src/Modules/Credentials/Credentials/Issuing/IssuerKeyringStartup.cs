using Microsoft.Extensions.Hosting;

namespace CredentialHub.Credentials.Issuing;

/// <summary>Opens the issuer key before the host serves.</summary>
internal sealed class IssuerKeyringStartup(IssuerKeyring keyring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => keyring.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
