namespace CredentialHub.Monitoring.Contracts;

/// <summary>
/// A module's instruments' label sets known in advance (every circuit × every outcome, every limit × partition):
/// register one as a singleton and the metrics endpoint exports each series at zero before its first measurement.
/// Asked at every scrape, so that a circuit registered since is included.
/// </summary>
public interface IKnownSeriesSource
{
    Task<IReadOnlyList<KnownSeries>> ListAsync(CancellationToken cancellationToken);
}
