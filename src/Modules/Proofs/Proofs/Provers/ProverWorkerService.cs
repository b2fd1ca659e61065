using System.Collections.Concurrent;
using System.Diagnostics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Provers.Protocol;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// The gRPC service of a prover process: it holds the circuits its host sends it (loaded with every check, proving key
/// and compiled witness engine resident), makes each proof with its witness and verification on a thread of its own,
/// and says which jobs are still running (the host kills a process that does not stop a cancelled job). Private inputs
/// are cleared as soon as the witness is computed and never logged.
/// </summary>
internal sealed class ProverWorkerService(ICircuitPackageLoader loader, ILogger<ProverWorkerService> logger) : Prover.ProverBase
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(string ZkeySha256, ILoadedCircuit Circuit, WarmUp WarmUp)>>> _circuits = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    /// <summary>1 once a proof has been asked for: the process is serving, no longer starting.</summary>
    private int _proved;

    public override async Task<LoadCircuitReply> LoadCircuit(LoadCircuitRequest request, ServerCallContext context)
    {
        var clock = Stopwatch.StartNew();
        var package = new CircuitPackage(request.CircuitId, request.Configuration.ToByteArray(),
            request.Wasm.Content.ToByteArray(), request.Wasm.Sha256,
            request.Zkey.Content.ToByteArray(), request.Zkey.Sha256,
            request.Vkey.Content.ToByteArray(), request.Vkey.Sha256,
            request.Origin);
        var loading = new Lazy<Task<(string, ILoadedCircuit, WarmUp)>>(async () =>
        {
            var circuit = await loader.LoadAsync(package, CancellationToken.None);
            // The prover's and verifier's code compiled at this circuit's sizes before the process reports it loaded.
            var warm = await Task.Factory.StartNew(() => InProcessProver.WarmUp(circuit, CancellationToken.None),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            // While the process is starting (it has made no proof yet), also until the code the warm-up made hot has been
            // recompiled optimised in the background, so that its first proof runs that code; a circuit loaded later
            // does not wait for the compiler, which the proofs being served keep busy.
            if (Volatile.Read(ref _proved) == 0)
            {
                await CredentialHub.Web.JitQuiet.WaitAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), CancellationToken.None);
            }
            return (package.ZkeySha256, circuit, warm);
        });
        var entry = _circuits.AddOrUpdate(request.CircuitId, loading,
            (_, existing) => existing.IsValueCreated && existing.Value.IsCompletedSuccessfully && existing.Value.Result.ZkeySha256 == package.ZkeySha256 ? existing : loading);
        try
        {
            var (_, _, warm) = await entry.Value;
            if (warm.Failure is { } failure)
            {
                logger.LogWarning("circuit {Circuit} loaded in {Milliseconds:0} ms; its warm-up proof failed ({Reason}): its first proof will be slower", request.CircuitId, clock.Elapsed.TotalMilliseconds, failure);
            }
            else
            {
                logger.LogInformation("circuit {Circuit} loaded in {Milliseconds:0} ms, of which {WarmMilliseconds:0} ms for its warm-up proof", request.CircuitId, clock.Elapsed.TotalMilliseconds, warm.Took.TotalMilliseconds);
            }
            return new LoadCircuitReply
            {
                Loaded = new CircuitLoaded
                {
                    LoadMilliseconds = clock.Elapsed.TotalMilliseconds,
                    WarmProofJson = warm.ProofJson ?? "",
                    WarmPublicSignalsJson = warm.PublicSignalsJson ?? "",
                    WarmMilliseconds = warm.Took.TotalMilliseconds,
                },
            };
        }
        catch (Exception e) when (e is CircuitIntegrityException or OutOfMemoryException)
        {
            _circuits.TryRemove(new KeyValuePair<string, Lazy<Task<(string, ILoadedCircuit, WarmUp)>>>(request.CircuitId, entry));
            logger.LogError("circuit {Circuit} refused: {Reason}", request.CircuitId, e.Message);
            return new LoadCircuitReply
            {
                Failure = e is OutOfMemoryException
                    ? new Failure { Code = ProverFailureException.OutOfMemory, Message = $"loading circuit {request.CircuitId} needed more memory than the prover process may use (PROVER_MEMORY_LIMIT_MB)" }
                    : FailureCodes.ToFailure(e),
            };
        }
    }

    public override async Task<ProveReply> Prove(ProveRequest request, ServerCallContext context)
    {
        Volatile.Write(ref _proved, 1);
        List<InputSignal>? inputs = null;
        try
        {
            inputs = SignalCodec.Decode(request.Inputs);
            if (!_circuits.TryGetValue(request.CircuitId, out var entry) || !entry.IsValueCreated || !entry.Value.IsCompletedSuccessfully
                || entry.Value.Result.ZkeySha256 != request.ZkeySha256)
            {
                return new ProveReply { Failure = new Failure { Code = FailureCodes.CircuitNotLoaded, Message = $"circuit {request.CircuitId} (zkey {request.ZkeySha256}) is not loaded" } };
            }
            var circuit = entry.Value.Result.Circuit;
            _running[request.JobId] = 0;
            var proving = inputs;
            // CPU-bound for as long as the proof takes: a thread of its own, not one of the pool's.
            var result = await Task.Factory.StartNew(() => InProcessProver.Prove(circuit, proving, context.CancellationToken),
                context.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return new ProveReply
            {
                Proof = new Proved
                {
                    ProofJson = result.ProofJson,
                    PublicSignalsJson = result.PublicSignalsJson,
                    WitnessMilliseconds = result.WitnessMilliseconds,
                    ProveMilliseconds = result.ProveMilliseconds,
                    VerifyMilliseconds = result.VerifyMilliseconds,
                    Verified = result.Verification.IsValid,
                    VerificationReason = result.Verification.Reason ?? "",
                },
            };
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the proof was cancelled"));
        }
        catch (Exception e) when (e is WitnessException or ProofSystems.Contracts.ProvingException or ProverFailureException or ArgumentException)
        {
            return new ProveReply { Failure = e is ArgumentException ? new Failure { Code = "invalid-input", Message = e.Message } : FailureCodes.ToFailure(e) };
        }
        catch (Exception e)
        {
            logger.LogError("proof {ProofId} for circuit {Circuit} failed unexpectedly: {Type}", request.JobId, request.CircuitId, e.GetType().Name);
            return new ProveReply { Failure = FailureCodes.ToFailure(e) };
        }
        finally
        {
            _running.TryRemove(request.JobId, out _);
            foreach (var input in inputs ?? [])
            {
                Array.Clear(input.Values);
            }
        }
    }

    public override Task<StatusReply> Status(StatusRequest request, ServerCallContext context)
    {
        var reply = new StatusReply
        {
            ProcessId = Environment.ProcessId,
            GcHeapBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
            WorkingSetBytes = Environment.WorkingSet,
        };
        reply.Running.AddRange(_running.Keys);
        reply.Circuits.AddRange(_circuits.Where(c => c.Value.IsValueCreated && c.Value.Value.IsCompletedSuccessfully).Select(c => c.Key));
        return Task.FromResult(reply);
    }
}
