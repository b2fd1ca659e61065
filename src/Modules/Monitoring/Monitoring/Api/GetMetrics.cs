using CredentialHub.Monitoring.Contracts;
using CredentialHub.Monitoring.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Monitoring.Api;

/// <summary><c>GET /metrics</c>: every instrument in the Prometheus text exposition format 0.0.4.</summary>
internal static class GetMetrics
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/", Handle)
            .WithName("Metrics")
            .WithSummary("Every instrument in the Prometheus text format (proofs, verifications, stages, queue, integrity checks, rate limits, resident keys, runtime).")
            .Produces<string>(StatusCodes.Status200OK, "text/plain");

    /// <summary>Every series, those known in advance (every circuit's, every limit's) at zero until measured.</summary>
    public static async Task<ContentHttpResult> Handle(MetricsCollector collector, IEnumerable<IKnownSeriesSource> known, CancellationToken cancellationToken) =>
        TypedResults.Text(await collector.RenderAsync(known, cancellationToken), "text/plain; version=0.0.4; charset=utf-8");
}
