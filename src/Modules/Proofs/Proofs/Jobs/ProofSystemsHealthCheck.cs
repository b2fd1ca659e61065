using CredentialHub.ProofSystems.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// The proof-system plugins: unhealthy with none loaded, degraded when one was skipped or its folder's new content
/// was refused on reload (the reason in the data; the version loaded before keeps serving).
/// </summary>
internal sealed class ProofSystemsHealthCheck(IProofSystemCatalog registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var systems = registry.ProofSystems;
        var plugins = registry.Plugins;
        var data = new Dictionary<string, object>
        {
            ["proof_systems"] = systems.Select(s => s.Id).ToList(),
            ["plugins"] = plugins.Select(p => new { folder = p.Folder, id = p.Id, version = p.Version, status = Status(p), error = p.Error }).ToList(),
        };
        int skipped = plugins.Count(p => !p.Loaded);
        int refused = plugins.Count(p => p.Loaded && p.Error is not null);
        var problems = new List<string>();
        if (skipped > 0)
        {
            problems.Add($"{skipped} plugin(s) skipped");
        }
        if (refused > 0)
        {
            problems.Add($"{refused} plugin update(s) refused, the version loaded before serving");
        }
        var result = systems.Count == 0
            ? HealthCheckResult.Unhealthy("no proof system is loaded", data: data)
            : problems.Count > 0
                ? HealthCheckResult.Degraded(string.Join("; ", problems), data: data)
                : HealthCheckResult.Healthy($"{systems.Count} proof system(s)", data);
        return Task.FromResult(result);
    }

    private static string Status(ProofPluginStatus plugin) =>
        !plugin.Loaded ? "skipped" : plugin.Error is null ? "loaded" : "update-refused";
}
