using CredentialHub.Circuits.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Circuits.Registry;

/// <summary>Healthy when every bundled circuit loaded; degraded when some were refused; unhealthy when none can be served.</summary>
internal sealed class CircuitsHealthCheck(ICircuitCatalog catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<CircuitDescriptor> circuits;
        try
        {
            circuits = await catalog.ListAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"the circuit registry cannot be read: {e.GetType().Name}");
        }
        var data = new Dictionary<string, object>
        {
            ["circuits"] = circuits.Select(c => new { id = c.Id, origin = c.Origin, security_level = c.SecurityLevel, integrity = "verified", key = "loaded" }).ToList(),
            ["refused"] = catalog.Refused.Select(r => new { folder = r.Folder, reason = r.Reason }).ToList(),
        };
        if (circuits.Count == 0)
        {
            return HealthCheckResult.Unhealthy("no circuit can be served", data: data);
        }
        return catalog.Refused.Count > 0
            ? HealthCheckResult.Degraded($"{catalog.Refused.Count} circuit folder(s) refused", data: data)
            : HealthCheckResult.Healthy($"{circuits.Count} circuit(s)", data);
    }
}
