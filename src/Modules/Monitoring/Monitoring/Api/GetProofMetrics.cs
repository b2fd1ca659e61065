using CredentialHub.Monitoring.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Monitoring.Api;

/// <summary><c>GET /metrics/proofs</c>: the per-circuit summaries of proofs and verifications.</summary>
internal static class GetProofMetrics
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/proofs", Handle)
            .WithName("ProofMetrics")
            .WithSummary("Per circuit: proofs by status, success rate, latency percentiles (end to end and per stage), verifications by result and their latency.");

    public static Ok<ProofMetricsResponse> Handle(ProofStatistics statistics) => TypedResults.Ok(new ProofMetricsResponse(statistics.Summaries()));
}
