namespace CredentialHub.Monitoring.Api;

internal sealed record HealthEntry(string Status, string? Description, IReadOnlyDictionary<string, object> Data);
