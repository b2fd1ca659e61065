using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// The prover processes: each one's state (ready, starting, restarting), restarts, memory and how the last one ended;
/// degraded while no process is ready (proofs wait for one), and while some are restarting.
/// </summary>
internal sealed class ProverProcessesHealthCheck(ProverPool pool) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var slots = pool.Slots;
        var data = new Dictionary<string, object>
        {
            ["processes"] = slots.Select(s => new
            {
                process = s.Process.Index,
                state = ProverPool.Name(s.State),
                restarts = s.Restarts,
                memory_bytes = s.Process.ResidentBytes(),
                last_exit = s.LastExit,
            }).ToList(),
        };
        int ready = slots.Count(s => s.State == ProverState.Ready);
        var result = ready == 0
            ? HealthCheckResult.Degraded($"no prover process is ready ({string.Join(", ", slots.Select(s => ProverPool.Name(s.State)))}): proofs wait for one", data: data)
            : ready < slots.Count
                ? HealthCheckResult.Degraded($"{ready} of {slots.Count} prover processes ready", data: data)
                : HealthCheckResult.Healthy($"{ready} prover process(es) ready", data);
        return Task.FromResult(result);
    }
}
