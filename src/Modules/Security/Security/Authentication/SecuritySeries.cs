using CredentialHub.Monitoring.Contracts;

namespace CredentialHub.Security.Authentication;

/// <summary>The Security module's series known in advance (<see cref="SecurityMetrics.Known"/>).</summary>
internal sealed class SecuritySeries : IKnownSeriesSource
{
    public Task<IReadOnlyList<KnownSeries>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(SecurityMetrics.Known);
}
