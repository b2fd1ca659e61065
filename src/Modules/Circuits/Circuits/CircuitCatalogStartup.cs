using CredentialHub.Circuits.Catalog;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Circuits;

/// <summary>Loads and checks the bundled circuits before the host serves requests.</summary>
internal sealed class CircuitCatalogStartup(CircuitCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.Run(catalog.LoadBundled, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
