using CredentialHub.Circuits.Catalog;
using CredentialHub.ProofSystems.Contracts;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Circuits;

/// <summary>
/// Loads and checks the bundled circuits before the host serves requests, and binds the circuits again whenever the
/// proof systems change (plugins reloaded).
/// </summary>
internal sealed class CircuitCatalogStartup(CircuitCatalog catalog, IProofSystemCatalog proofSystems) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        proofSystems.Changed += catalog.OnProofSystemsChanged;
        return Task.Run(catalog.LoadBundled, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        proofSystems.Changed -= catalog.OnProofSystemsChanged;
        return Task.CompletedTask;
    }
}
