namespace CredentialHub.Monitoring.Metrics;

/// <summary>One circuit's proof and verification figures.</summary>
internal sealed record CircuitSummary(string Circuit, GenerationSummary Generation, VerificationSummary Verification);
