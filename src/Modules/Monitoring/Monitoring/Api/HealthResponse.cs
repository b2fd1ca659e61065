namespace CredentialHub.Monitoring.Api;

/// <summary>A health report: overall status, and each component's status, description and details.</summary>
internal sealed record HealthResponse(string Status, double DurationMs, IReadOnlyDictionary<string, HealthEntry> Checks);
