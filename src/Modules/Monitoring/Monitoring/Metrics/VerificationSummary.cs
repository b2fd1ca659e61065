namespace CredentialHub.Monitoring.Metrics;

internal sealed record VerificationSummary(long Total, long Valid, long Invalid, LatencySummary? LatencyMs);
