namespace CredentialHub.Monitoring.Api;

internal sealed record TotalsSummary(long ProofsGenerated, long ProofsSucceeded, long ProofsFailed, double? SuccessRate, long Verifications, long Valid, long Invalid);
