using CredentialHub.Monitoring.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CredentialHub.Monitoring.Api;

/// <summary><c>GET /metrics/proofs</c>: the per-circuit summaries of proofs and verifications.</summary>
internal static class GetProofMetrics
{
    public static Ok<ProofMetricsResponse> Handle(ProofStatistics statistics) => TypedResults.Ok(new ProofMetricsResponse(statistics.Summaries()));
}
