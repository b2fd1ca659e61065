using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Monitoring;

/// <summary>The Monitoring module: <c>/health</c> (readiness: every module's health checks) and <c>/health/live</c>.</summary>
public static class MonitoringModule
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };

    public static IServiceCollection AddMonitoringModule(this IServiceCollection services)
    {
        services.AddHealthChecks();
        return services;
    }

    public static IEndpointRouteBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Monitoring");
        group.MapGet("/", ReadinessAsync)
            .WithName("Health")
            .WithSummary("Readiness: every component's health (healthy, degraded, unhealthy); 503 when unhealthy.")
            .Produces<HealthResponse>(StatusCodes.Status200OK)
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/live", () => TypedResults.Ok(new HealthResponse("healthy", 0, new Dictionary<string, HealthEntry>())))
            .WithName("Liveness")
            .WithSummary("Liveness: the process answers.")
            .Produces<HealthResponse>(StatusCodes.Status200OK);
        return app;
    }

    private static async Task<IResult> ReadinessAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var body = new HealthResponse(
            Name(report.Status),
            Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            report.Entries.ToDictionary(e => e.Key, e => new HealthEntry(Name(e.Value.Status), e.Value.Description, e.Value.Data)));
        return TypedResults.Json(body, Json, statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>A health report: overall status, and each component's status, description and details.</summary>
internal sealed record HealthResponse(string Status, double DurationMs, IReadOnlyDictionary<string, HealthEntry> Checks);

internal sealed record HealthEntry(string Status, string? Description, IReadOnlyDictionary<string, object> Data);
