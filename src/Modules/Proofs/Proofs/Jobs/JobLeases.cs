using CredentialHub.Proofs.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// Keeps the jobs of a service that shares a database honest about who holds them. Every
/// <see cref="ProofsModuleOptions.LeaseRenewInterval"/> this instance renews the lease of the jobs it holds (to now +
/// <see cref="ProofsModuleOptions.JobLease"/>, on the database's clock) and ends, as failed with code
/// <c>interrupted</c>, every unfinished job whose lease has run out: the jobs of an instance that was killed or cut
/// off, including this instance's previous life (at start-up, at once). Private inputs are never stored, so such a
/// job cannot be resumed; its message says to resubmit the request. Runs only with a database: in memory
/// nothing outlives the process.
/// </summary>
internal sealed class JobLeases(IProofStore store, ServiceInstance instance, ProofWorkers workers, IOptions<ProofsModuleOptions> options, ProofMetrics metrics, ILogger<JobLeases> logger) : BackgroundService
{
    public const string InterruptedCode = "interrupted";

    public const string InterruptedMessage =
        "the service instance making this proof stopped before it finished (it crashed or was killed); private inputs are never stored, so the proof cannot be resumed: resubmit the request";

    private bool _failing;

    /// <summary>At start-up: ends the jobs this instance held in an earlier life (it restarted, so they cannot finish).</summary>
    public async Task<IReadOnlyList<ProofRecord>> EndPreviousLifeAsync(CancellationToken cancellationToken)
    {
        var ended = await store.EndPreviousLifeAsync(instance.OwnerPrefix, instance.Id, InterruptedCode, InterruptedMessage, cancellationToken);
        Report(ended);
        return ended;
    }

    /// <summary>One renewal and sweep; returns the jobs it ended.</summary>
    public async Task<IReadOnlyList<ProofRecord>> SweepAsync(CancellationToken cancellationToken)
    {
        await workers.SaveUnsavedAsync(cancellationToken);
        await store.RenewLeasesAsync(instance.Id, workers.HeldJobIds(), options.Value.JobLease, cancellationToken);
        var ended = await store.EndExpiredAsync(InterruptedCode, InterruptedMessage, cancellationToken);
        Report(ended);
        return ended;
    }

    private void Report(IReadOnlyList<ProofRecord> ended)
    {
        foreach (var job in ended)
        {
            metrics.JobEnded(job.CircuitId, InterruptedCode);
        }
        if (ended.Count > 0)
        {
            logger.LogWarning("ended {Count} proof jobs whose instance stopped before finishing them (lease expired): {ProofIds}",
                ended.Count, string.Join(", ", ended.Take(20).Select(j => j.Id)) + (ended.Count > 20 ? ", …" : ""));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseRenewInterval);
        bool started = false;
        do
        {
            try
            {
                if (!started)
                {
                    await EndPreviousLifeAsync(stoppingToken);
                    started = true;
                }
                await SweepAsync(stoppingToken);
                if (_failing)
                {
                    logger.LogInformation("proof job leases are renewed again");
                    _failing = false;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database is away: try again at the next tick (the jobs' leases run on; if this lasts longer than a
                // lease, other instances end this instance's jobs, and its own late updates are ignored).
                if (!_failing)
                {
                    logger.LogWarning("could not renew proof job leases: {Message}", e.Message);
                    _failing = true;
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
