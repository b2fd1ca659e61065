using System.Diagnostics.Metrics;
using CredentialHub.Monitoring.Contracts;
using CredentialHub.Security.Contracts;

namespace CredentialHub.Security.Authentication;

/// <summary>The Security module's instruments (meter "CredentialHub.Security"): labels are the limit class and partition kind only.</summary>
internal static class SecurityMetrics
{
    public const string MeterName = Telemetry.MeterPrefix + "Security";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> RateLimitHits = Meter.CreateCounter<long>("rate_limit_hits_total", description: "Requests refused by a rate limit, by limit (default, prove) and partition (address, caller)");

    /// <summary>rate_limit_hits_total for every limit and partition, exported at zero until the first refusal.</summary>
    public static readonly IReadOnlyList<KnownSeries> Known =
    [
        .. new[] { RateLimitClass.Default, RateLimitClass.Prove }.SelectMany(limit => new[] { "address", "caller" }.Select(partition =>
            new KnownSeries(RateLimitHits, [new("limit", limit.Name), new("partition", partition)]))),
    ];
}
