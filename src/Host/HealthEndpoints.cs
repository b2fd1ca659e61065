using CredentialHub.Host.Plugins;

namespace CredentialHub.Host;

/// <summary>GET /health: liveness, with the proof-system plugins the host found and why any was skipped.</summary>
internal static class HealthEndpoints
{
    internal sealed record PluginReport(string Folder, string? Id, string? Version, string Status, string? Error);

    internal sealed record HealthReport(string Status, IReadOnlyList<string> ProofSystems, IReadOnlyList<PluginReport> Plugins);

    internal static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (ProofSystemCatalog catalog) =>
        {
            var plugins = catalog.Statuses
                .Select(s => new PluginReport(s.Folder, s.Id, s.Version, s.Loaded ? "loaded" : "skipped", s.Error))
                .ToList();
            string status = catalog.ProofSystems.Count == 0 ? "unhealthy" : plugins.Any(p => p.Status == "skipped") ? "degraded" : "healthy";
            var report = new HealthReport(status, catalog.ProofSystems.Select(s => s.Id).ToList(), plugins);
            return status == "unhealthy"
                ? Results.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Ok(report);
        });
        return app;
    }
}
