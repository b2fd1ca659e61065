using System.Diagnostics;
using CredentialHub.Circuits.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// With PROVER_PROCESSES=0, what a prover process does at its start: every bundled circuit loaded (witness engine
/// compiled) and its warm-up proof made and verified before the service listens, so that the first proof after the
/// service is ready runs compiled code, as the following ones do.
/// </summary>
internal sealed class InProcessWarmup(ICircuitCatalog catalog, ILogger<InProcessWarmup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var bundled = (await catalog.ListAsync(cancellationToken)).Where(d => d.Origin == "bundled").ToList();
        foreach (var descriptor in bundled)
        {
            ILoadedCircuit circuit;
            try
            {
                circuit = await catalog.LoadAsync(descriptor.Id, cancellationToken);
            }
            catch (Exception e) when (e is CircuitNotFoundException or CircuitIntegrityException)
            {
                continue;
            }
            var warm = await Task.Factory.StartNew(() => InProcessProver.WarmUp(circuit, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (warm.Failure is { } failure)
            {
                logger.LogWarning("circuit {Circuit}: its warm-up proof failed ({Reason}): its first proof will be slower", descriptor.Id, failure);
            }
        }
        logger.LogInformation("{Count} circuit(s) warmed in {Milliseconds:0} ms (witness engines compiled, one proof and verification each)", bundled.Count, clock.Elapsed.TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
