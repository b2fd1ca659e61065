namespace CredentialHub.Monitoring.Metrics;

/// <summary>Proof generation: counts (by status too), success rate, end-to-end latency and latency per stage (queue, witness, prove, verify, total, boundary).</summary>
internal sealed record GenerationSummary(long Total, long Succeeded, long Failed, double? SuccessRate, IReadOnlyDictionary<string, long> ByStatus, LatencySummary? LatencyMs, IReadOnlyDictionary<string, LatencySummary?> StagesMs);
