using CredentialHub.Monitoring.Metrics;

namespace CredentialHub.Monitoring.Api;

internal sealed record StatsResponse(string Version, DateTimeOffset StartedAt, double UptimeSeconds, TotalsSummary Totals, IReadOnlyList<CircuitSummary> Circuits, ProcessSummary Process);
