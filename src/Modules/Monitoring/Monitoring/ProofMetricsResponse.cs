using CredentialHub.Monitoring.Metrics;

namespace CredentialHub.Monitoring;

internal sealed record ProofMetricsResponse(IReadOnlyList<CircuitSummary> Circuits);
