using System.Diagnostics;
using System.Diagnostics.Metrics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Monitoring.Contracts;
using CredentialHub.Proofs.Provers.Protocol;
using CredentialHub.ProofSystems.Contracts;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// The prover processes (PROVER_PROCESSES of them) and their supervision. Each is started with a scrubbed environment
/// and a memory cap, loads and warms the circuits (the host sends each circuit's package; the web process keeps only
/// verification keys) and then takes proofs over gRPC on its Unix domain socket. A proof goes to the ready process with
/// the fewest proofs in flight; MAX_CONCURRENT_PROOFS bounds the proofs in flight across all of them (the proof workers'
/// threads each hold one call). The job's deadline travels as the call's deadline and cancels it; a process that still
/// runs a cancelled proof after <see cref="ProofsModuleOptions.ProverCancelGrace"/> is killed. A process that exits
/// (crash, kill, out of memory) fails the proofs it held (<c>prover-crashed</c> or <c>out-of-memory</c>) and is started
/// again with a backoff (0.1 s doubling to 10 s, reset once it has run a minute). The host's start waits (bounded) until
/// every process is ready, so /health reports the pool ready once the service is.
/// </summary>
internal sealed class ProverPool : IProvingBackend, IHostedService, IDisposable
{
    private static readonly Meter Meter = new(Telemetry.MeterPrefix + "Proofs");

    private static readonly Counter<long> Restarts = Meter.CreateCounter<long>("prover_process_restarts_total", description: "Prover processes started again, by reason (crashed, out-of-memory, killed, recycled)");

    private readonly ProofsModuleOptions _options;
    private readonly ICircuitCatalog _catalog;
    private readonly ILogger<ProverPool> _logger;
    private readonly IReadOnlyList<string> _command;
    private readonly string _directory;
    private readonly ProverSlot[] _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly Lock _usedLock = new();
    private readonly List<Task> _supervisors = [];
    private TaskCompletionSource _anyReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _readyLock = new();
    private readonly ObservableGauge<long> _memory;
    private readonly ObservableGauge<int> _states;

    public ProverPool(IOptions<ProofsModuleOptions> options, ICircuitCatalog catalog, IProofSystemCatalog proofSystems, ILogger<ProverPool> logger)
    {
        _options = options.Value;
        _catalog = catalog;
        _logger = logger;
        _command = _options.ProverCommand ?? throw new InvalidOperationException("prover processes need the command that starts one (ProofsModuleOptions.ProverCommand)");
        _directory = CreatePrivateDirectory(_options.ProverRuntimeDirectory ?? Path.GetTempPath());
        _slots = [.. Enumerable.Range(0, _options.ProverProcesses).Select(i => new ProverSlot(new ProverProcess(i, Path.Combine(_directory, $"p{i}.sock"), logger)))];
        _memory = Meter.CreateObservableGauge("prover_process_memory_bytes",
            () => _slots.Select(s => (s, bytes: s.Process.ResidentBytes())).Where(m => m.bytes is not null)
                .Select(m => new Measurement<long>(m.bytes!.Value, new KeyValuePair<string, object?>("process", m.s.Process.Index.ToString()))),
            "By", "Resident memory of each prover process");
        _states = Meter.CreateObservableGauge("prover_processes",
            () => Enum.GetValues<ProverState>().Select(state => new Measurement<int>(_slots.Count(s => s.State == state), new KeyValuePair<string, object?>("state", Name(state)))),
            description: "Prover processes by state (starting, ready, restarting)");
        proofSystems.Changed += Recycle;
    }

    /// <summary>The processes as /health shows them.</summary>
    public IReadOnlyList<ProverSlot> Slots => _slots;

    public static string Name(ProverState state) => state switch
    {
        ProverState.Starting => "starting",
        ProverState.Ready => "ready",
        ProverState.Restarting => "restarting",
        _ => "stopped",
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var slot in _slots)
        {
            _supervisors.Add(Task.Run(() => SuperviseAsync(slot)));
        }
        // The service is ready once its provers are: wait (bounded) for every process's first start.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(_options.ProverStartTimeout);
        try
        {
            await Task.WhenAll(_slots.Select(s => s.FirstStart.Task)).WaitAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogError("{NotReady} of {Count} prover processes were not ready within {Seconds:0} s; the service starts and proofs wait for them (see /health)",
                _slots.Count(s => s.State != ProverState.Ready), _slots.Length, _options.ProverStartTimeout.TotalSeconds);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        foreach (var slot in _slots)
        {
            slot.State = ProverState.Stopped;
        }
        await Task.WhenAll(_supervisors).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var slot in _slots)
        {
            slot.Process.Stop();
        }
    }

    public void Dispose()
    {
        foreach (var slot in _slots)
        {
            slot.Process.Dispose();
        }
        _stopping.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Starts the process again and again while the service runs.</summary>
    private async Task SuperviseAsync(ProverSlot slot)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                slot.Process.Start(_command.Concat(["--memory-limit-mb", _options.ProverMemoryLimitMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ToList(),
                    ProverEnvironment.Build(ProverEnvironment.Current(), _options.ProverMemoryLimitMegabytes));
                await slot.Process.WaitUntilAnsweringAsync(_options.ProverStartTimeout, stopping);
                await WarmAsync(slot.Process, stopping);
                SetReady(slot, clock.Elapsed);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                _logger.LogError("prover process {Worker} could not be started: {Reason}", slot.Process.Index, e.Message);
                slot.State = ProverState.Restarting;
                slot.Process.Kill();
                // The service does not wait for a process that failed its start: it starts, degraded, and this one retries.
                slot.FirstStart.TrySetResult();
            }
            catch (OperationCanceledException)
            {
                break;
            }
            try
            {
                await slot.Process.ExitedAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var ranFor = clock.Elapsed;
            string reason = slot.KillReason ?? (slot.Process.DiedOutOfMemory ? ProverFailureException.OutOfMemory : "crashed");
            slot.KillReason = null;
            slot.State = ProverState.Restarting;
            slot.Restarts++;
            slot.LastExit = $"{reason} (exit code {slot.Process.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}) at {DateTimeOffset.UtcNow:O}";
            Restarts.Add(1, new KeyValuePair<string, object?>("reason", reason));
            UpdateAnyReady();
            backoff = ranFor > TimeSpan.FromMinutes(1) ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            _logger.LogWarning("prover process {Worker} (pid {Pid}) ended: {Reason}; starting it again in {Backoff:0.0} s", slot.Process.Index, slot.Process.StartedProcessId, slot.LastExit, backoff.TotalSeconds);
            try
            {
                await Task.Delay(backoff, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        slot.FirstStart.TrySetResult();
    }

    private void SetReady(ProverSlot slot, TimeSpan took)
    {
        slot.State = ProverState.Ready;
        slot.ReadyAt = DateTimeOffset.UtcNow;
        _logger.LogInformation("prover process {Worker} (pid {Pid}) ready in {Milliseconds:0} ms: {Circuits} circuit(s) loaded and warmed (a warm-up proof each)", slot.Process.Index, slot.Process.StartedProcessId, took.TotalMilliseconds, slot.Process.Loaded.Count);
        slot.FirstStart.TrySetResult();
        UpdateAnyReady();
    }

    private void UpdateAnyReady()
    {
        lock (_readyLock)
        {
            if (_slots.Any(s => s.State == ProverState.Ready))
            {
                _anyReady.TrySetResult();
            }
            else if (_anyReady.Task.IsCompleted)
            {
                _anyReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Loads the bundled circuits and every circuit proven before into a freshly started process.</summary>
    private async Task WarmAsync(ProverProcess process, CancellationToken cancellationToken)
    {
        var ids = (await _catalog.ListAsync(cancellationToken)).Where(d => d.Origin == "bundled").Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        lock (_usedLock)
        {
            ids.UnionWith(_used);
        }
        // One after another would add up their load times; the process loads them side by side.
        await Task.WhenAll(ids.Order(StringComparer.Ordinal).Select(async id =>
        {
            ILoadedCircuit circuit;
            try
            {
                circuit = await _catalog.LoadAsync(id, cancellationToken);
            }
            catch (Exception e) when (e is CircuitNotFoundException or CircuitIntegrityException)
            {
                return;
            }
            try
            {
                await EnsureLoadedAsync(process, circuit, cancellationToken);
            }
            catch (ProverFailureException e)
            {
                _logger.LogError("prover process {Worker} did not load circuit {Circuit}: {Reason}", process.Index, id, e.Message);
            }
        }));
        // One proving call as well, with no inputs (the process refuses it at once): the call's code on both sides, its
        // messages and the signal codec run once before the first real proof.
        if (ids.Count > 0 && process.Client is { } client && process.Loaded.Keys.FirstOrDefault() is { } loaded)
        {
            string[] parts = loaded.Split('\n');
            try
            {
                await client.ProveAsync(new ProveRequest { JobId = Guid.NewGuid().ToString(), CircuitId = parts[0], ZkeySha256 = parts[1] }, process.Headers, cancellationToken: cancellationToken);
            }
            catch (RpcException)
            {
            }
        }
    }

    /// <summary>Sends the circuit's package to the process once per start of the process.</summary>
    private Task EnsureLoadedAsync(ProverProcess process, ILoadedCircuit circuit, CancellationToken cancellationToken)
    {
        string id = circuit.Descriptor.Id;
        string zkey = circuit.Descriptor.Artifacts["zkey"];
        var loaded = process.Loaded;
        var client = process.Client ?? throw new ProverFailureException(ProverFailureException.Crashed, "the prover process is not running");
        var headers = process.Headers;
        var loading = loaded.GetOrAdd($"{id}\n{zkey}", _ => new Lazy<Task>(() => Task.Run(async () =>
        {
            var package = await _catalog.ReadPackageAsync(id, CancellationToken.None);
            var request = new LoadCircuitRequest
            {
                CircuitId = id,
                Configuration = ByteString.CopyFrom(package.Configuration),
                Wasm = new Artifact { File = "wasm", Content = UnsafeByteOperations.UnsafeWrap(package.Wasm), Sha256 = package.WasmSha256 },
                Zkey = new Artifact { File = "zkey", Content = UnsafeByteOperations.UnsafeWrap(package.Zkey), Sha256 = package.ZkeySha256 },
                Vkey = new Artifact { File = "vkey", Content = UnsafeByteOperations.UnsafeWrap(package.VerificationKey), Sha256 = package.VerificationKeySha256 },
                Origin = package.Origin,
            };
            var reply = await client.LoadCircuitAsync(request, headers, cancellationToken: _stopping.Token);
            if (reply.ResultCase == LoadCircuitReply.ResultOneofCase.Failure)
            {
                throw new ProverFailureException(reply.Failure.Code, $"the prover process refused circuit {id}: {reply.Failure.Message}");
            }
            if (reply.Loaded.WarmProofJson.Length > 0)
            {
                // This process verifies the circuit's proofs: its verifier's code is compiled with the warm-up proof.
                circuit.ProofSystem.Verify(circuit.VerificationKey, System.Text.Encoding.UTF8.GetBytes(reply.Loaded.WarmPublicSignalsJson), System.Text.Encoding.UTF8.GetBytes(reply.Loaded.WarmProofJson));
            }
        })));
        var task = loading.Value;
        if (task.IsFaulted)
        {
            loaded.TryRemove(new KeyValuePair<string, Lazy<Task>>($"{id}\n{zkey}", loading));
        }
        return task.WaitAsync(cancellationToken);
    }

    public async Task<ProvingResult> ProveAsync(Guid jobId, ILoadedCircuit circuit, IReadOnlyList<InputSignal> inputs, CancellationToken cancellationToken)
    {
        lock (_usedLock)
        {
            _used.Add(circuit.Descriptor.Id);
        }
        var slot = await ReadySlotAsync(cancellationToken);
        var process = slot.Process;
        // The process this call goes to: the slot may have started another one by the time a failure is looked at.
        int? pid = process.StartedProcessId;
        var (signals, buffers) = SignalCodec.Encode(inputs);
        try
        {
            await EnsureLoadedAsync(process, circuit, cancellationToken).ConfigureAwait(false);
            var request = new ProveRequest { JobId = jobId.ToString(), CircuitId = circuit.Descriptor.Id, ZkeySha256 = circuit.Descriptor.Artifacts["zkey"] };
            request.Inputs.AddRange(signals);
            var client = process.Client ?? throw new ProverFailureException(ProverFailureException.Crashed, CrashMessage(circuit));
            ProveReply reply;
            try
            {
                // The job's deadline cancels the call (and so the proof in the process); the call's own deadline, a
                // little later, travels with it as a backstop.
                reply = await client.ProveAsync(request, process.Headers, DateTime.UtcNow + _options.ProofTimeout + TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (RpcException e) when (cancellationToken.IsCancellationRequested || e.StatusCode is StatusCode.DeadlineExceeded)
            {
                WatchCancelled(slot, jobId);
                cancellationToken.ThrowIfCancellationRequested();
                throw new OperationCanceledException("the prover's deadline passed", e, cancellationToken);
            }
            catch (RpcException e)
            {
                throw await CrashedAsync(slot, pid, circuit, e);
            }
            if (reply.ResultCase == ProveReply.ResultOneofCase.Failure)
            {
                if (reply.Failure.Code == FailureCodes.CircuitNotLoaded)
                {
                    process.Loaded.Clear();
                }
                throw FailureCodes.Raise(reply.Failure);
            }
            var proved = reply.Proof;
            return new ProvingResult(proved.ProofJson, proved.PublicSignalsJson, proved.WitnessMilliseconds, proved.ProveMilliseconds, proved.VerifyMilliseconds,
                proved.Verified ? VerificationOutcome.Valid : VerificationOutcome.Invalid(proved.VerificationReason));
        }
        finally
        {
            SignalCodec.Clear(buffers);
            process.Leave();
        }
    }

    /// <summary>A ready process with the fewest proofs in flight, waiting for one while none is ready.</summary>
    private async Task<ProverSlot> ReadySlotAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ProverSlot? best = null;
            foreach (var slot in _slots)
            {
                if (slot.State == ProverState.Ready && (best is null || slot.Process.InFlight < best.Process.InFlight))
                {
                    best = slot;
                }
            }
            if (best is not null)
            {
                // Counted in before its state is read again: a recycle that set the state first sees this proof in
                // flight and waits for it; one that sets it after is seen here and the proof goes elsewhere.
                best.Process.Enter();
                if (best.State == ProverState.Ready)
                {
                    return best;
                }
                best.Process.Leave();
                continue;
            }
            Task ready;
            lock (_readyLock)
            {
                ready = _anyReady.Task;
            }
            try
            {
                await ready.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                throw new ProverFailureException(ProverFailureException.Unavailable,
                    $"no prover process was ready within the proof's deadline ({string.Join(", ", _slots.Select(s => $"process {s.Process.Index}: {Name(s.State)}"))}); resubmit the request");
            }
        }
    }

    /// <summary>The failure of a call whose process went away: crashed or out of memory, as its exit says.</summary>
    private async Task<ProverFailureException> CrashedAsync(ProverSlot slot, int? pid, ILoadedCircuit circuit, RpcException e)
    {
        bool outOfMemory;
        if (slot.Process.StartedProcessId != pid)
        {
            // Already replaced: the supervisor saw it exit and recorded how.
            outOfMemory = slot.LastExit?.StartsWith(ProverFailureException.OutOfMemory, StringComparison.Ordinal) == true;
        }
        else
        {
            bool exited = await slot.Process.WaitForExitAsync(TimeSpan.FromSeconds(2));
            if (!exited && slot.Process.StartedProcessId == pid)
            {
                // The process is there but the call broke (its socket, its token): it cannot be trusted with more work.
                _logger.LogError("prover process {Worker}: a call failed ({Status}: {Detail}); killing it", slot.Process.Index, e.StatusCode, e.Status.Detail);
                slot.KillReason = "killed";
                slot.Process.Kill();
            }
            outOfMemory = slot.Process.StartedProcessId == pid && slot.Process.DiedOutOfMemory;
        }
        if (outOfMemory)
        {
            return new ProverFailureException(ProverFailureException.OutOfMemory,
                $"the prover process making this proof ran out of memory (circuit {circuit.Descriptor.Id}, PROVER_MEMORY_LIMIT_MB={_options.ProverMemoryLimitMegabytes}) and was restarted; resubmit the request");
        }
        return new ProverFailureException(ProverFailureException.Crashed, CrashMessage(circuit));
    }

    private static string CrashMessage(ILoadedCircuit circuit) =>
        $"the prover process making this proof (circuit {circuit.Descriptor.Id}) stopped before it finished (it crashed or was killed) and is being restarted; private inputs are never kept, so resubmit the request";

    /// <summary>After a cancelled call: kills the process if it still runs the job once the grace period is over.</summary>
    private void WatchCancelled(ProverSlot slot, Guid jobId) => _ = Task.Run(async () =>
    {
        var process = slot.Process;
        int? pid = process.ProcessId;
        try
        {
            await Task.Delay(_options.ProverCancelGrace, _stopping.Token);
            var client = process.Client;
            if (client is null || process.ProcessId != pid)
            {
                return; // Restarted meanwhile.
            }
            bool stillRunning;
            try
            {
                var status = await client.StatusAsync(new StatusRequest(), process.Headers, DateTime.UtcNow.AddSeconds(2), _stopping.Token);
                stillRunning = status.Running.Contains(jobId.ToString());
            }
            catch (RpcException)
            {
                stillRunning = true; // It does not answer at all.
            }
            if (stillRunning && process.ProcessId == pid)
            {
                _logger.LogWarning("prover process {Worker} (pid {Pid}) did not stop proof {ProofId} within {Grace:0.0} s of its cancellation; killing it", process.Index, pid, jobId, _options.ProverCancelGrace.TotalSeconds);
                slot.KillReason = "killed";
                process.Kill();
            }
        }
        catch (OperationCanceledException)
        {
        }
    });

    /// <summary>The proof systems changed (plugins reloaded): each process is started again, once idle, with the new ones.</summary>
    /// <summary>
    /// Starts the processes again with the changed proof systems, one after another: a process takes no new proof once
    /// its turn comes, finishes those it has, is replaced, and the next one's turn comes when the replacement is ready,
    /// so that with two or more processes proofs never wait for one.
    /// </summary>
    private void Recycle() => _ = Task.Run(async () =>
    {
        foreach (var slot in _slots)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
            if (slot.State == ProverState.Ready)
            {
                slot.State = ProverState.Restarting;
            }
            // (Its lock also orders the state written above before the count of proofs in flight read below.)
            UpdateAnyReady();
            while (slot.Process.InFlight > 0 && !_stopping.IsCancellationRequested)
            {
                await Task.Delay(100);
            }
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
            _logger.LogInformation("prover process {Worker}: the proof systems changed; starting it again with them", slot.Process.Index);
            slot.KillReason = "recycled";
            slot.Process.Kill();
            var waited = Stopwatch.StartNew();
            while (slot.State != ProverState.Ready && waited.Elapsed < _options.ProverStartTimeout && !_stopping.IsCancellationRequested)
            {
                await Task.Delay(100);
            }
        }
    });

    private static string CreatePrivateDirectory(string parent)
    {
        string path = Path.Combine(parent, $"credentialhub-provers-{Environment.ProcessId}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}");
        // Only the service's user may open it (and so reach the sockets in it).
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("prover processes need Unix domain sockets in a private directory; set PROVER_PROCESSES=0 on Windows");
        }
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
