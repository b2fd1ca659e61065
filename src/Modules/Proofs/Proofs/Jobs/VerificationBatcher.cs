using System.Collections.Concurrent;
using CredentialHub.Circuits.Contracts;
using CredentialHub.ProofSystems.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// Verifies proofs in batches when the proof system offers <see cref="IBatchVerifier"/>: requests for one circuit
/// that arrive while the verifier threads are busy are checked together in the next batch (one shared final
/// exponentiation for Groth16), so batching costs a lone request nothing and grows with the load. A proof the
/// batch finds invalid is verified again on its own, so its outcome — reason or format error — is exactly what
/// single verification gives. Proof systems without batching are verified directly on the caller's thread.
/// </summary>
internal sealed class VerificationBatcher(ILogger<VerificationBatcher> logger) : IHostedService, IDisposable
{
    /// <summary>Most proofs in one batch; beyond a few dozen the gain per proof is flat and latency grows.</summary>
    public const int MaxBatch = 64;

    private sealed record Pending(ILoadedCircuit Circuit, byte[] PublicSignals, byte[] Proof, TaskCompletionSource<VerificationOutcome> Outcome);

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Pending>> _queues = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _work = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Thread> _threads = [];

    /// <summary>The outcome, or the <see cref="ProofFormatException"/> single verification would throw.</summary>
    public Task<VerificationOutcome> VerifyAsync(ILoadedCircuit circuit, byte[] publicSignals, byte[] proof)
    {
        if (circuit.ProofSystem is not IBatchVerifier || _threads.Count == 0)
        {
            return Task.FromResult(circuit.ProofSystem.Verify(circuit.VerificationKey, publicSignals, proof));
        }
        var pending = new Pending(circuit, publicSignals, proof, new TaskCompletionSource<VerificationOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queues.GetOrAdd(circuit.Descriptor.Id, _ => new ConcurrentQueue<Pending>()).Enqueue(pending);
        _work.Release();
        return pending.Outcome.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        for (int i = 0; i < Environment.ProcessorCount; i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"verifier-{i}" };
            _threads.Add(thread);
            thread.Start();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }
        foreach (var queue in _queues.Values)
        {
            while (queue.TryDequeue(out var left))
            {
                left.Outcome.TrySetException(new OperationCanceledException("the service is stopping"));
            }
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _work.Dispose();
    }

    private void Work()
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (true)
            {
                _work.Wait(_stopping.Token);
                foreach (var queue in _queues.Values)
                {
                    batch.Clear();
                    while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
                    {
                        batch.Add(next);
                    }
                    if (batch.Count > 0)
                    {
                        // One permit was released per item; this thread consumed one, the others wake to empty queues.
                        Verify(batch);
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private void Verify(List<Pending> batch)
    {
        var circuit = batch[0].Circuit;
        IReadOnlyList<VerificationOutcome>? outcomes = null;
        try
        {
            outcomes = ((IBatchVerifier)circuit.ProofSystem).VerifyBatch(circuit.VerificationKey, [.. batch.Select(p => new ProofToVerify(p.PublicSignals, p.Proof))]);
        }
        catch (Exception e)
        {
            logger.LogError(e, "batch verification of {Count} proofs for circuit {Circuit} failed; verifying them one by one", batch.Count, circuit.Descriptor.Id);
        }
        for (int i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            if (outcomes is not null && outcomes.Count == batch.Count && outcomes[i].IsValid)
            {
                pending.Outcome.TrySetResult(outcomes[i]);
                continue;
            }
            try
            {
                pending.Outcome.TrySetResult(circuit.ProofSystem.Verify(circuit.VerificationKey, pending.PublicSignals, pending.Proof));
            }
            catch (Exception e)
            {
                pending.Outcome.TrySetException(e);
            }
        }
    }
}
