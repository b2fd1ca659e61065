using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CredentialHub.Circuits.Catalog;

/// <summary>
/// The registry behind <see cref="ICircuitCatalog"/>. Bundled circuits come from the circuits directory
/// (one folder per circuit with circuit.json and SHA256SUMS) and are loaded and checked at start-up; a folder
/// that fails is refused with its reason and the others are served. Registered circuits live in the
/// <see cref="ICircuitStore"/> (shared by every instance when it is PostgreSQL) and are loaded, with their
/// checksums verified again, the first time an instance needs them. Loaded circuits stay resident.
/// <para>
/// When the proof systems change while the host runs (plugins reloaded, <see cref="CredentialHub.ProofSystems.Contracts.IProofSystemCatalog.Changed"/>),
/// <see cref="Rebind"/> loads again from its folder, with every check, each bundled circuit whose proof system is no
/// longer loaded (replaced or removed) and each folder refused before, keeps the others, and swaps the whole set in one
/// write; registered circuits bound to a proof system no longer loaded are dropped from memory and loaded again, against
/// the new proof systems, the next time they are needed. A circuit, its keys and its proof system always come from one
/// plugin version: work that holds a circuit bound to the old version (a running proof, a verification batch) finishes
/// with it, and the old version is unloaded once nothing holds it. Circuits out of service stay out of service.
/// </para>
/// </summary>
internal sealed class CircuitCatalog(CircuitLoader loader, ICircuitStore store, IOptions<CircuitsModuleOptions> options, ILogger<CircuitCatalog> logger, ILoggerFactory loggers) : ICircuitCatalog
{
    /// <summary>Security events (integrity failures) also go to the audit category.</summary>
    private readonly ILogger _audit = loggers.CreateLogger("CredentialHub.Audit");

    /// <summary>Held while the bundled circuits are loaded (at start-up, and again when the proof systems change).</summary>
    private readonly Lock _binding = new();

    /// <summary>The bundled circuits and refused folders, replaced as a whole.</summary>
    private volatile BundledCircuits _bundled = new(new Dictionary<string, LoadedCircuit>(StringComparer.Ordinal), new Dictionary<string, LoadedCircuit>(StringComparer.Ordinal), []);

    /// <summary>The registered circuits loaded so far and those refused, replaced as a whole when the proof systems change.</summary>
    private volatile RegisteredCircuits _registered = new();

    private readonly ConcurrentDictionary<string, CircuitOutage> _outages = new(StringComparer.Ordinal);

    /// <summary>Every circuit this process has loaded: 1 while it is out of service, else 0 (the gauge's series).</summary>
    private static readonly ConcurrentDictionary<string, int> ServiceStates = new(StringComparer.Ordinal);

    private static readonly Meter Meter = new(CircuitLoader.MeterName);

    internal static readonly ObservableGauge<int> OutOfServiceGauge =
        Meter.CreateObservableGauge("circuit_out_of_service", () => ServiceStates.Select(s => new Measurement<int>(s.Value, new KeyValuePair<string, object?>("circuit", s.Key))),
            description: "1 while a circuit is out of service (its proving key made a proof that failed its own verification), else 0; by circuit");

    public IReadOnlyList<RefusedCircuit> Refused => [.. _bundled.Refused, .. _registered.Refused.Values.OrderBy(r => r.Folder, StringComparer.Ordinal)];

    public IReadOnlyList<CircuitOutage> OutOfService => [.. _outages.Values.OrderBy(o => o.CircuitId, StringComparer.Ordinal)];

    public CircuitOutage? FindOutage(string id) => _outages.TryGetValue(id, out var outage) ? outage : null;

    public CircuitOutage TakeOutOfService(string id, string evidence)
    {
        LoadedCircuit? circuit = _bundled.Circuits.TryGetValue(id, out var bundled) ? bundled
            : _registered.Loaded.TryGetValue(id, out var registered) && registered.IsValueCreated && registered.Value.IsCompletedSuccessfully ? registered.Value.Result
            : null;
        string? zkey = circuit?.Descriptor.Artifacts.GetValueOrDefault("zkey");
        string reason = $"its proving key{(zkey is null ? "" : $" (zkey SHA-256 {zkey})")} is faulty: a proof made with it failed verification with the circuit's own verification key ({evidence})";
        string remedy = circuit?.Descriptor.Origin == "registered"
            ? "an operator must replace its proving key: a registered circuit is immutable, so register it again under a new id with a correct proving key and the verification key exported from it; verifying with this circuit's verification key stays available"
            : "an operator must replace its proving key: put a correct proving key and the verification key exported from it in the circuit's folder, update SHA256SUMS and restart the service; verifying with this circuit's verification key stays available";
        var candidate = new CircuitOutage(id, reason, remedy, zkey, DateTimeOffset.UtcNow);
        var outage = _outages.GetOrAdd(id, candidate);
        if (ReferenceEquals(outage, candidate))
        {
            ServiceStates[id] = 1;
            logger.LogError("circuit {Circuit} taken out of service: {Reason}; {Remedy}", id, reason, remedy);
            _audit.LogError("security event {SecurityEvent}: circuit {Circuit} taken out of service: {Reason}", "faulty-proving-key", id, reason);
        }
        return outage;
    }

    /// <summary>Counts a circuit as served (in service) in the gauge.</summary>
    private static void Served(string id) => ServiceStates.TryAdd(id, 0);

    /// <summary>Loads every bundled circuit; called once at start-up.</summary>
    public void LoadBundled()
    {
        lock (_binding)
        {
            _bundled = ReadBundled(null);
        }
    }

    /// <summary>
    /// Binds the circuits again to the proof systems now loaded (called when they change): bundled circuits whose proof
    /// system is gone, and folders refused before, are loaded again from their folders, and the new set replaces the old
    /// at once; registered circuits whose proof system is gone are loaded again when next needed. Until then, the
    /// circuits bound before keep serving.
    /// </summary>
    public void Rebind()
    {
        lock (_binding)
        {
            var before = _bundled;
            var bundled = ReadBundled(before);
            int kept = bundled.ByFolder.Values.Count(c => before.ByFolder.Values.Contains(c));
            var registered = new RegisteredCircuits();
            foreach (var (id, loading) in _registered.Loaded)
            {
                if (loading.IsValueCreated && loading.Value.IsCompletedSuccessfully && loader.IsLoaded(loading.Value.Result.ProofSystem))
                {
                    registered.Loaded.TryAdd(id, loading);
                }
            }
            _bundled = bundled;
            _registered = registered;
            logger.LogInformation("proof systems changed: {Loaded} bundled circuit(s) loaded again against them, {Kept} kept, {Refused} refused; registered circuits on a proof system no longer loaded are loaded again when next used",
                bundled.Circuits.Count - kept, kept, bundled.Refused.Count);
        }
    }

    /// <summary>Asks for <see cref="Rebind"/> off the caller's thread (the plugin reloader's), logging a failure.</summary>
    public void OnProofSystemsChanged() => _ = Task.Run(() =>
    {
        try
        {
            Rebind();
        }
        catch (Exception e)
        {
            logger.LogError(e, "binding the circuits again to the reloaded proof systems failed; the circuits bound before keep serving");
        }
    });

    /// <summary>
    /// Every bundled circuit folder, loaded and checked (or refused with the reason); a circuit of <paramref name="before"/>
    /// whose proof system is still loaded is kept as it is.
    /// </summary>
    private BundledCircuits ReadBundled(BundledCircuits? before)
    {
        var circuits = new Dictionary<string, LoadedCircuit>(StringComparer.Ordinal);
        var byFolder = new Dictionary<string, LoadedCircuit>(StringComparer.Ordinal);
        var refused = new List<RefusedCircuit>();
        string directory = options.Value.CircuitsDirectory ?? throw new InvalidOperationException("the circuits directory is set when the options are built");
        if (!Directory.Exists(directory))
        {
            logger.LogWarning("circuits directory {Directory} does not exist; no bundled circuits", directory);
            return new BundledCircuits(circuits, byFolder, refused);
        }
        foreach (string folder in Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(folder, CircuitConfiguration.FileName)))
            {
                continue;
            }
            string name = Path.GetFileName(folder);
            if (before is not null && before.ByFolder.TryGetValue(name, out var bound) && loader.IsLoaded(bound.ProofSystem))
            {
                circuits.Add(bound.Descriptor.Id, bound);
                byFolder.Add(name, bound);
                continue;
            }
            try
            {
                var circuit = LoadFolder(folder);
                if (!circuits.TryAdd(circuit.Descriptor.Id, circuit))
                {
                    throw new CircuitIntegrityException(circuit.Descriptor.Id, $"id is also used by another folder");
                }
                byFolder.Add(name, circuit);
                Served(circuit.Descriptor.Id);
                logger.LogInformation("circuit {Circuit} loaded from {Folder}: {Protocol} on {Curve}, {PublicSignals} public signals, security level {SecurityLevel}",
                    circuit.Descriptor.Id, name, circuit.Descriptor.Protocol, circuit.Descriptor.Curve, circuit.Descriptor.PublicSignalCount, circuit.Descriptor.SecurityLevel);
            }
            catch (Exception e) when (e is CircuitIntegrityException or CircuitConfigurationException or FormatException or IOException or UnauthorizedAccessException)
            {
                refused.Add(new RefusedCircuit(name, e.Message));
                logger.LogError("circuit folder {Folder} refused: {Reason}", name, e.Message);
                if (e is CircuitIntegrityException)
                {
                    _audit.LogWarning("security event {SecurityEvent}: circuit folder {Folder}: {Reason}", "integrity-failed", name, e.Message);
                }
            }
        }
        return new BundledCircuits(circuits, byFolder, refused);
    }

    public async Task<IReadOnlyList<CircuitDescriptor>> ListAsync(CancellationToken cancellationToken)
    {
        var bundled = _bundled.Circuits;
        var list = bundled.Values.Select(c => c.Descriptor).ToList();
        foreach (var stored in await store.ListAsync(cancellationToken))
        {
            if (!bundled.ContainsKey(stored.Id))
            {
                try
                {
                    list.Add((await LoadRegisteredAsync(stored, cancellationToken)).Descriptor);
                }
                catch (CircuitIntegrityException)
                {
                    // Listed under /health with the reason; a request naming it is refused with that reason.
                }
            }
        }
        return [.. list.OrderBy(d => d.Id, StringComparer.Ordinal)];
    }

    public async Task<CircuitDescriptor?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_bundled.Circuits.TryGetValue(id, out var bundled))
        {
            return bundled.Descriptor;
        }
        if (!CircuitConfiguration.IsValidId(id))
        {
            // No circuit can have this id; nothing to ask the store (PostgreSQL refuses some of these strings outright).
            return null;
        }
        var stored = await store.FindAsync(id, cancellationToken);
        return stored is null ? null : (await LoadRegisteredAsync(stored, cancellationToken)).Descriptor;
    }

    public async ValueTask<ILoadedCircuit> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (_bundled.Circuits.TryGetValue(id, out var bundled))
        {
            return bundled;
        }
        if (_registered.Loaded.TryGetValue(id, out var loading))
        {
            return await loading.Value.WaitAsync(cancellationToken);
        }
        if (!CircuitConfiguration.IsValidId(id))
        {
            throw new CircuitNotFoundException(id);
        }
        var stored = await store.FindAsync(id, cancellationToken) ?? throw new CircuitNotFoundException(id);
        return await LoadRegisteredAsync(stored, cancellationToken);
    }

    public async Task<CircuitPackage> ReadPackageAsync(string id, CancellationToken cancellationToken)
    {
        if (BundledFolder(id) is var (folder, circuit))
        {
            return await Task.Run(() => ReadFolderPackage(folder, circuit.Descriptor), cancellationToken);
        }
        if (!CircuitConfiguration.IsValidId(id))
        {
            throw new CircuitNotFoundException(id);
        }
        var stored = await store.FindAsync(id, cancellationToken) ?? throw new CircuitNotFoundException(id);
        async Task<byte[]> Read(string sha) =>
            await store.ReadArtifactAsync(sha, cancellationToken)
            ?? throw new CircuitIntegrityException(stored.Id, $"artifact {sha} is missing from the store");
        return new CircuitPackage(id, System.Text.Encoding.UTF8.GetBytes(stored.ConfigurationJson),
            await Read(stored.WasmSha256), stored.WasmSha256,
            await Read(stored.ZkeySha256), stored.ZkeySha256,
            await Read(stored.VerificationKeySha256), stored.VerificationKeySha256,
            "registered");
    }

    /// <summary>The file a bundled circuit's example inputs are read from (<see cref="ReadExampleInputAsync"/>).</summary>
    public const string ExampleInputFile = "example-input.json";

    /// <summary>The largest example input read; request bodies are capped well below this anyway.</summary>
    internal const int MaxExampleInputBytes = 1 << 20;

    public async Task<byte[]?> ReadExampleInputAsync(string id, CancellationToken cancellationToken) =>
        BundledFolder(id) is var (folder, _) ? await Task.Run(() => ReadExampleInput(folder, id), cancellationToken) : null;

    /// <summary>The folder (its full path) and circuit of the bundled circuit with this id, or null.</summary>
    private (string Folder, LoadedCircuit Circuit)? BundledFolder(string id)
    {
        foreach (var (folder, circuit) in _bundled.ByFolder)
        {
            if (circuit.Descriptor.Id == id)
            {
                return (Path.Combine(options.Value.CircuitsDirectory!, folder), circuit);
            }
        }
        return null;
    }

    /// <summary>A bundled folder's example inputs, checked against its SHA256SUMS as it is now; null, logged, when unusable.</summary>
    private byte[]? ReadExampleInput(string folder, string id)
    {
        string path = Path.Combine(folder, ExampleInputFile);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }
            if (Checksums.Parse(File.ReadAllText(Path.Combine(folder, Checksums.FileName))).Of(ExampleInputFile) is not { } listed)
            {
                logger.LogWarning("circuit {Circuit}: {File} is not listed in {Sums}; it is not used", id, ExampleInputFile, Checksums.FileName);
                return null;
            }
            using var stream = File.OpenRead(path);
            if (stream.Length > MaxExampleInputBytes)
            {
                logger.LogWarning("circuit {Circuit}: {File} is larger than {Limit} bytes; it is not used", id, ExampleInputFile, MaxExampleInputBytes);
                return null;
            }
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            string actual = Checksums.Sha256(bytes);
            if (actual != listed)
            {
                logger.LogWarning("circuit {Circuit}: {File} has SHA-256 {Actual}, expected {Listed}; it is not used", id, ExampleInputFile, actual, listed);
                return null;
            }
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            logger.LogWarning("circuit {Circuit}: {File} cannot be read ({Reason}); it is not used", id, ExampleInputFile, e.Message);
            return null;
        }
    }

    /// <summary>
    /// A bundled circuit's files as they are now, with the SHA-256s the catalog checked when it loaded them: a file changed
    /// since fails its check where the package is loaded.
    /// </summary>
    private static CircuitPackage ReadFolderPackage(string folder, CircuitDescriptor descriptor)
    {
        byte[] configurationBytes = File.ReadAllBytes(Path.Combine(folder, CircuitConfiguration.FileName));
        var configuration = CircuitConfiguration.Parse(configurationBytes);
        return new CircuitPackage(descriptor.Id, configurationBytes,
            File.ReadAllBytes(Path.Combine(folder, configuration.WasmFile)), descriptor.Artifacts["wasm"],
            File.ReadAllBytes(Path.Combine(folder, configuration.ZkeyFile)), descriptor.Artifacts["zkey"],
            File.ReadAllBytes(Path.Combine(folder, configuration.VkeyFile)), descriptor.Artifacts["vkey"],
            descriptor.Origin);
    }

    public async Task<CircuitDescriptor> RegisterAsync(CircuitUpload upload, CancellationToken cancellationToken)
    {
        CircuitConfiguration configuration;
        try
        {
            configuration = CircuitConfiguration.Parse(upload.Configuration);
        }
        catch (CircuitConfigurationException e)
        {
            throw new CircuitRegistrationException(e.Key.Length == 0 ? "configuration" : $"configuration.{e.Key}", e.Message);
        }
        if (_bundled.Circuits.ContainsKey(configuration.Id) || await store.FindAsync(configuration.Id, cancellationToken) is not null)
        {
            throw new CircuitRegistrationException("configuration.id", $"circuit '{configuration.Id}' is already registered; a registered circuit is immutable, register the new version under a new id", conflict: true);
        }
        // An uploaded r1cs is checked against the key here and stored with the artifacts: instances loading the circuit later
        // check the key against it again (and a production circuit's ceremony, unless they remember that check).
        var artifacts = new CircuitLoader.Artifacts(
            upload.Wasm, Checksums.Sha256(upload.Wasm),
            upload.Zkey, Checksums.Sha256(upload.Zkey),
            upload.VerificationKey, Checksums.Sha256(upload.VerificationKey),
            upload.R1cs, upload.R1cs is null ? null : Checksums.Sha256(upload.R1cs));
        var registeredAt = DateTimeOffset.UtcNow;
        // Bound to the proof systems of this moment: if they change before the end, the circuit is loaded again when needed.
        var registered = _registered;
        LoadedCircuit circuit;
        try
        {
            circuit = await Task.Run(() => loader.Load(configuration, artifacts, "registered", registeredAt, checkCeremony: true, cancellationToken: cancellationToken), cancellationToken);
        }
        catch (CircuitIntegrityException e)
        {
            _audit.LogWarning("security event {SecurityEvent}: uploaded circuit {Circuit}: {Reason}", "integrity-failed", configuration.Id, e.Message);
            throw new CircuitRegistrationException(e.Artifact ?? "configuration", e.Message);
        }
        var record = new StoredCircuit(configuration.Id, System.Text.Encoding.UTF8.GetString(upload.Configuration),
            artifacts.WasmSha256, artifacts.ZkeySha256, artifacts.VerificationKeySha256, registeredAt, artifacts.R1csSha256);
        var bySha = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [artifacts.WasmSha256] = upload.Wasm,
            [artifacts.ZkeySha256] = upload.Zkey,
            [artifacts.VerificationKeySha256] = upload.VerificationKey,
        };
        if (upload.R1cs is not null)
        {
            bySha[artifacts.R1csSha256!] = upload.R1cs;
        }
        if (!await store.TryAddAsync(record, bySha, cancellationToken))
        {
            throw new CircuitRegistrationException("configuration.id", $"circuit '{configuration.Id}' is already registered; a registered circuit is immutable, register the new version under a new id", conflict: true);
        }
        registered.Loaded.TryAdd(configuration.Id, new Lazy<Task<LoadedCircuit>>(Task.FromResult(circuit)));
        Served(configuration.Id);
        logger.LogInformation("circuit {Circuit} registered: wasm {Wasm}, zkey {Zkey}, vkey {Vkey}", configuration.Id, artifacts.WasmSha256, artifacts.ZkeySha256, artifacts.VerificationKeySha256);
        return circuit.Descriptor;
    }

    private LoadedCircuit LoadFolder(string folder)
    {
        var configuration = CircuitConfiguration.Parse(File.ReadAllBytes(Path.Combine(folder, CircuitConfiguration.FileName)));
        string sumsPath = Path.Combine(folder, Checksums.FileName);
        if (!File.Exists(sumsPath))
        {
            throw new CircuitIntegrityException(configuration.Id, $"{Checksums.FileName} is missing");
        }
        var sums = Checksums.Parse(File.ReadAllText(sumsPath));
        string Expected(string file) => sums.Of(file) ?? throw new CircuitIntegrityException(configuration.Id, $"{Checksums.FileName} does not list {file}");
        var artifacts = new CircuitLoader.Artifacts(
            File.ReadAllBytes(Path.Combine(folder, configuration.WasmFile)), Expected(configuration.WasmFile),
            File.ReadAllBytes(Path.Combine(folder, configuration.ZkeyFile)), Expected(configuration.ZkeyFile),
            File.ReadAllBytes(Path.Combine(folder, configuration.VkeyFile)), Expected(configuration.VkeyFile),
            configuration.R1csFile is { } r1cs ? File.ReadAllBytes(Path.Combine(folder, r1cs)) : null,
            configuration.R1csFile is { } listedR1cs ? Expected(listedR1cs) : null);
        // The configuration is checked too: it sets input widths and request caps the API relies on.
        string configurationSum = Checksums.Sha256(File.ReadAllBytes(Path.Combine(folder, CircuitConfiguration.FileName)));
        string listed = Expected(CircuitConfiguration.FileName);
        if (listed != configurationSum)
        {
            throw new CircuitIntegrityException(configuration.Id, $"{CircuitConfiguration.FileName} has SHA-256 {configurationSum}, expected {listed}");
        }
        return loader.Load(configuration, artifacts, "bundled", null, checkCeremony: true, folder: folder);
    }

    private Task<LoadedCircuit> LoadRegisteredAsync(StoredCircuit stored, CancellationToken cancellationToken)
    {
        var registered = _registered;
        var lazy = registered.Loaded.GetOrAdd(stored.Id, _ => new Lazy<Task<LoadedCircuit>>(() => Task.Run(async () =>
        {
            try
            {
                var loaded = await LoadStoredAsync(stored);
                registered.Refused.TryRemove(stored.Id, out RefusedCircuit? cleared);
                return loaded;
            }
            catch (Exception e) when (e is CircuitIntegrityException or CircuitConfigurationException)
            {
                var refusal = e as CircuitIntegrityException ?? new CircuitIntegrityException(stored.Id, e.Message, "configuration");
                if (registered.Refused.TryAdd(stored.Id, new RefusedCircuit($"registered:{stored.Id}", refusal.Message)))
                {
                    logger.LogError("registered circuit {Circuit} is refused: {Reason}", stored.Id, refusal.Message);
                }
                throw refusal;
            }
            catch
            {
                // Not the circuit's fault (the store unreachable, say): a later request tries again.
                registered.Loaded.TryRemove(stored.Id, out Lazy<Task<LoadedCircuit>>? dropped);
                throw;
            }
        })));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            // Let a later request try again (the store may have been unreachable).
            registered.Loaded.TryRemove(new KeyValuePair<string, Lazy<Task<LoadedCircuit>>>(stored.Id, lazy));
        }
        return task.WaitAsync(cancellationToken);
    }

    private async Task<LoadedCircuit> LoadStoredAsync(StoredCircuit stored)
    {
        var configuration = CircuitConfiguration.Parse(System.Text.Encoding.UTF8.GetBytes(stored.ConfigurationJson));
        async Task<byte[]> Read(string sha) =>
            await store.ReadArtifactAsync(sha, CancellationToken.None)
            ?? throw new CircuitIntegrityException(stored.Id, $"artifact {sha} is missing from the store");
        var artifacts = new CircuitLoader.Artifacts(
            await Read(stored.WasmSha256), stored.WasmSha256,
            await Read(stored.ZkeySha256), stored.ZkeySha256,
            await Read(stored.VerificationKeySha256), stored.VerificationKeySha256,
            stored.R1csSha256 is { } r1cs ? await Read(r1cs) : null, stored.R1csSha256);
        var circuit = loader.Load(configuration, artifacts, "registered", stored.RegisteredAt, checkCeremony: true);
        Served(circuit.Descriptor.Id);
        return circuit;
    }

    /// <summary>The bundled circuits by id and by folder, and the folders refused with their reasons.</summary>
    private sealed record BundledCircuits(IReadOnlyDictionary<string, LoadedCircuit> Circuits, IReadOnlyDictionary<string, LoadedCircuit> ByFolder, IReadOnlyList<RefusedCircuit> Refused);

    /// <summary>
    /// Registered circuits (in the database) loaded so far, and those that fail their checks when loaded: artifacts
    /// changed in the store, or a circuit registered before a check that now refuses it. The refused are left out of the
    /// list and refused by id (503).
    /// </summary>
    private sealed class RegisteredCircuits
    {
        public ConcurrentDictionary<string, Lazy<Task<LoadedCircuit>>> Loaded { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, RefusedCircuit> Refused { get; } = new(StringComparer.Ordinal);
    }
}
