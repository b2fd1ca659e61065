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

    public static ContentHttpResult Handle(MetricsCollector collector) =>
        TypedResults.Text(collector.Render(), "text/plain; version=0.0.4; charset=utf-8");
}
