using CredentialHub.Monitoring.Contracts;

namespace CredentialHub.Circuits.Catalog;

/// <summary>The Circuits module's series known in advance (<see cref="CircuitLoader.KnownIntegritySeries"/>, <see cref="CeremonyVerifier.KnownSeries"/>).</summary>
internal sealed class CircuitSeries : IKnownSeriesSource
{
    public Task<IReadOnlyList<KnownSeries>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<KnownSeries>>([.. CircuitLoader.KnownIntegritySeries, .. CeremonyVerifier.KnownSeries]);
}
