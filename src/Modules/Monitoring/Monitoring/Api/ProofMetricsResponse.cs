using CredentialHub.Monitoring.Metrics;

namespace CredentialHub.Monitoring.Api;

internal sealed record ProofMetricsResponse(IReadOnlyList<CircuitSummary> Circuits);
