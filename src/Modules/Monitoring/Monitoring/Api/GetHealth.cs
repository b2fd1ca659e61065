using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Monitoring.Api;

/// <summary><c>GET /health</c> (readiness: every registered health check; 503 when one is unhealthy) and <c>GET /health/live</c>.</summary>
internal static class GetHealth
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ReadinessAsync)
            .WithName("Health")
            .WithSummary("Readiness: every component's health (circuits, proof systems, PostgreSQL, Redis, process; healthy, degraded, unhealthy); 503 when unhealthy.")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/live", Liveness)
            .WithName("Liveness")
            .WithSummary("Liveness: the process answers.");
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };

    public static async Task<JsonHttpResult<HealthResponse>> ReadinessAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var body = new HealthResponse(
            Name(report.Status),
            Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            report.Entries.ToDictionary(e => e.Key, e => new HealthEntry(Name(e.Value.Status), e.Value.Description, e.Value.Data)));
        return TypedResults.Json(body, Json, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    public static Ok<HealthResponse> Liveness() => TypedResults.Ok(new HealthResponse("healthy", 0, new Dictionary<string, HealthEntry>()));

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}
