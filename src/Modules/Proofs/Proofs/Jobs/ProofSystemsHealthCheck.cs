using CredentialHub.ProofSystems.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Proofs.Jobs;

/// <summary>The proof-system plugins: unhealthy with none loaded, degraded when one was skipped (its reason in the data).</summary>
internal sealed class ProofSystemsHealthCheck(IProofSystemCatalog registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["proof_systems"] = registry.ProofSystems.Select(s => s.Id).ToList(),
            ["plugins"] = registry.Plugins.Select(p => new { folder = p.Folder, id = p.Id, version = p.Version, status = p.Loaded ? "loaded" : "skipped", error = p.Error }).ToList(),
        };
        var skipped = registry.Plugins.Count(p => !p.Loaded);
        var result = registry.ProofSystems.Count == 0
            ? HealthCheckResult.Unhealthy("no proof system is loaded", data: data)
            : skipped > 0
                ? HealthCheckResult.Degraded($"{skipped} plugin(s) skipped", data: data)
                : HealthCheckResult.Healthy($"{registry.ProofSystems.Count} proof system(s)", data);
        return Task.FromResult(result);
    }
}
