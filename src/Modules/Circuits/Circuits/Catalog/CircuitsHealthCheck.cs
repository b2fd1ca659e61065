using CredentialHub.Circuits.Contracts;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Circuits.Catalog;

/// <summary>
/// Healthy when every bundled circuit loaded and every circuit is in service; degraded when some folders were refused
/// or some circuits are out of service (a faulty proving key: named with the reason); unhealthy when none can be served.
/// Each circuit says whether its key was checked to come from a trusted-setup ceremony ("verified") or not ("none").
/// </summary>
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
        var outages = catalog.OutOfService;
        var data = new Dictionary<string, object>
        {
            ["circuits"] = circuits.Select(c => catalog.FindOutage(c.Id) is null
                ? new { id = c.Id, origin = c.Origin, security_level = c.SecurityLevel, integrity = "verified", ceremony = CeremonyState(c), key = "loaded", status = "in-service" }
                : new { id = c.Id, origin = c.Origin, security_level = c.SecurityLevel, integrity = "verified", ceremony = CeremonyState(c), key = "faulty", status = CircuitOutage.Status }).ToList(),
            ["refused"] = catalog.Refused.Select(r => new { folder = r.Folder, reason = r.Reason }).ToList(),
            ["out_of_service"] = outages.Select(o => new { id = o.CircuitId, reason = o.Reason, remedy = o.Remedy, since = o.Since }).ToList(),
        };
        if (circuits.Count == 0)
        {
            return HealthCheckResult.Unhealthy("no circuit can be served", data: data);
        }
        var problems = new List<string>();
        if (outages.Count > 0)
        {
            problems.Add($"{outages.Count} circuit(s) out of service, faulty proving key (an operator must replace it): {string.Join(", ", outages.Select(o => o.CircuitId))}");
        }
        if (catalog.Refused.Count > 0)
        {
            problems.Add($"{catalog.Refused.Count} circuit folder(s) refused");
        }
        return problems.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", problems), data: data)
            : HealthCheckResult.Healthy($"{circuits.Count} circuit(s)", data);
    }

    private static string CeremonyState(CircuitDescriptor circuit) => circuit.Ceremony?.Verified == true ? "verified" : "none";
}
