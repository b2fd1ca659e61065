using System.Diagnostics;
using CredentialHub.Monitoring.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Monitoring.Api;

/// <summary><c>GET /stats</c>: version, uptime, totals over every circuit, the per-circuit summaries and process figures.</summary>
internal static class GetStats
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder app) =>
        app.MapGet("/stats", Handle)
            .WithTags("Monitoring")
            .WithName("Stats")
            .WithSummary("Version, uptime, totals over every circuit, the per-circuit summaries and process figures.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static Ok<StatsResponse> Handle(ProofStatistics statistics)
    {
        var circuits = statistics.Summaries();
        using var process = Process.GetCurrentProcess();
        long generated = circuits.Sum(c => c.Generation.Total), succeeded = circuits.Sum(c => c.Generation.Succeeded);
        return TypedResults.Ok(new StatsResponse(
            ProofStatistics.Version,
            statistics.StartedAt,
            Math.Round((DateTimeOffset.UtcNow - statistics.StartedAt).TotalSeconds, 1),
            new TotalsSummary(generated, succeeded, generated - succeeded, generated == 0 ? null : Math.Round((double)succeeded / generated, 4),
                circuits.Sum(c => c.Verification.Total), circuits.Sum(c => c.Verification.Valid), circuits.Sum(c => c.Verification.Invalid)),
            circuits,
            new ProcessSummary(process.WorkingSet64, GC.GetTotalMemory(false), Math.Round(process.TotalProcessorTime.TotalSeconds, 2),
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), process.Threads.Count, ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount)));
    }
}
