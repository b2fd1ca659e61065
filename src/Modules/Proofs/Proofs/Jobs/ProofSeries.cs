using CredentialHub.Circuits.Contracts;
using CredentialHub.Monitoring.Contracts;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// The proof metrics' series for every circuit the catalog lists (bundled and registered), so that
/// proof_generation_total, proof_verification_total and their duration histograms are exported at zero from the start.
/// </summary>
internal sealed class ProofSeries(ICircuitCatalog catalog) : IKnownSeriesSource
{
    public async Task<IReadOnlyList<KnownSeries>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await catalog.ListAsync(cancellationToken)).SelectMany(circuit => ProofMetrics.Series(circuit.Id))];
}
