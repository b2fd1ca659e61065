using CredentialHub.Monitoring.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredentialHub.Monitoring.Api;

/// <summary><c>GET /metrics</c>: every instrument in the Prometheus text exposition format 0.0.4.</summary>
internal static class GetMetrics
{
    public static ContentHttpResult Handle(MetricsCollector collector) =>
        TypedResults.Text(collector.Render(), "text/plain; version=0.0.4; charset=utf-8");
}
