namespace CredentialHub.Monitoring.Metrics;

/// <summary>Percentiles over the last <c>Samples</c> measurements, in milliseconds.</summary>
internal sealed record LatencySummary(int Samples, double P50, double P95, double P99, double Max);
