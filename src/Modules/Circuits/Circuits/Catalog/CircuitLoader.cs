using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Monitoring.Contracts;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Circuits.Catalog;

/// <summary>
/// Turns a circuit's configuration and artifact bytes into a <see cref="LoadedCircuit"/>, checking everything a
/// circuit must satisfy before it is served: each artifact's SHA-256 against the expected one (counted in
/// <c>circuit_integrity_checks_total{result}</c>), a proof system for the key's protocol and curve, a proving key
/// that parses, the same number of public signals in it and the verification key, which it must export exactly,
/// and a witness calculator that loads, whose prime is the key's scalar field and whose witness has as many values
/// as the key has signals. When a constraint system (.r1cs) comes with the circuit, the proof system checks the key
/// was made for it (header counts and every A and B coefficient). The same checks run at start-up and on upload, so
/// no loaded circuit can reach a proof that fails for a witness of the wrong size. Where the catalog loads a circuit
/// (<c>checkCeremony</c>), a production circuit's key must also be shown to come from its powers-of-tau ceremony and its
/// r1cs (<see cref="CeremonyVerifier"/>), and the descriptor says where the key comes from.
/// <para>
/// Where proofs are made by prover processes (<see cref="CircuitsModuleOptions.KeepProvingKeys"/> false), the host's
/// catalog makes every check and then keeps the verification key only: the proving key and the witness calculator are
/// dropped, and each prover process loads the circuit again from its <see cref="CircuitPackage"/>
/// (<see cref="ICircuitPackageLoader"/>, with the same checks) and keeps them resident.
/// </para>
/// </summary>
internal sealed class CircuitLoader(IProofSystemCatalog proofSystems, IWitnessEngine witnessEngine, Microsoft.Extensions.Options.IOptions<CircuitsModuleOptions> options,
    CeremonyVerifier? ceremonies = null) : ICircuitPackageLoader
{
    private readonly CeremonyVerifier _ceremonies = ceremonies ?? new CeremonyVerifier(options);

    public const string MeterName = Telemetry.MeterPrefix + "Circuits";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> IntegrityChecks =
        Meter.CreateCounter<long>("circuit_integrity_checks_total", description: "SHA-256 checks of circuit artifacts, by result");

    /// <summary>circuit_integrity_checks_total for both results, exported at zero until counted.</summary>
    internal static readonly IReadOnlyList<KnownSeries> KnownIntegritySeries =
        [new(IntegrityChecks, [new("result", "ok")]), new(IntegrityChecks, [new("result", "failed")])];

    /// <summary>Circuits whose proving key is loaded, with the size of the zkey it was loaded from (the resident key is of that order).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> ResidentKeys = new(StringComparer.Ordinal);

    internal static readonly ObservableGauge<int> ResidentKeyCount =
        Meter.CreateObservableGauge("circuit_proving_keys_resident", () => ResidentKeys.Count, description: "Proving keys loaded and kept resident");

    internal static readonly ObservableGauge<long> ResidentKeyBytes =
        Meter.CreateObservableGauge("circuit_proving_key_bytes", () => ResidentKeys.Select(k => new Measurement<long>(k.Value, new KeyValuePair<string, object?>("circuit", k.Key))), "By",
            "Size of the zkey each resident proving key was loaded from, by circuit");

    /// <summary>The artifacts of one circuit, with the SHA-256 each must have; the constraint system is optional.</summary>
    public sealed record Artifacts(byte[] Wasm, string WasmSha256, byte[] Zkey, string ZkeySha256, byte[] VerificationKey, string VerificationKeySha256,
        byte[]? R1cs = null, string? R1csSha256 = null);

    /// <summary>The name of an r1cs in messages when the configuration names none (an upload's r1cs part).</summary>
    public const string DefaultR1csName = "circuit.r1cs";

    /// <summary>Whether a proof system is one of those loaded now (a circuit bound to another must be loaded again).</summary>
    public bool IsLoaded(IProofSystem system) => proofSystems.ProofSystems.Any(loaded => ReferenceEquals(loaded, system));

    /// <summary>Loads a circuit from a package, resident (a prover process); throws <see cref="CircuitIntegrityException"/>.</summary>
    public async Task<ILoadedCircuit> LoadAsync(CircuitPackage package, CancellationToken cancellationToken)
    {
        CircuitConfiguration configuration;
        try
        {
            configuration = CircuitConfiguration.Parse(package.Configuration);
        }
        catch (CircuitConfigurationException e)
        {
            throw new CircuitIntegrityException(package.Id, e.Message, "configuration");
        }
        if (configuration.Id != package.Id)
        {
            throw new CircuitIntegrityException(package.Id, $"the configuration names circuit '{configuration.Id}'", "configuration");
        }
        var artifacts = new Artifacts(package.Wasm, package.WasmSha256, package.Zkey, package.ZkeySha256, package.VerificationKey, package.VerificationKeySha256);
        var circuit = await Task.Run(() => Load(configuration, artifacts, package.Origin, null, resident: true), cancellationToken);
        await circuit.Prepared.WaitAsync(cancellationToken);
        return circuit;
    }

    /// <summary>
    /// Loads a circuit; throws <see cref="CircuitIntegrityException"/> naming what is wrong. Its proving key and witness
    /// calculator are kept when <paramref name="resident"/> (default: <see cref="CircuitsModuleOptions.KeepProvingKeys"/>).
    /// With <paramref name="checkCeremony"/> (the catalog), a production circuit's key is checked against its ceremony
    /// (its ptau found in <paramref name="folder"/>, then PTAU_DIR) and the descriptor carries the result; without it (a
    /// prover process, loading what the catalog checked) the descriptor carries none.
    /// </summary>
    public LoadedCircuit Load(CircuitConfiguration configuration, Artifacts artifacts, string origin, DateTimeOffset? registeredAt, bool? resident = null,
        bool checkCeremony = false, string? folder = null, CancellationToken cancellationToken = default)
    {
        bool keep = resident ?? options.Value.KeepProvingKeys;
        string id = configuration.Id;
        Check(id, "wasm", configuration.WasmFile, artifacts.Wasm, artifacts.WasmSha256);
        Check(id, "zkey", configuration.ZkeyFile, artifacts.Zkey, artifacts.ZkeySha256);
        Check(id, "vkey", configuration.VkeyFile, artifacts.VerificationKey, artifacts.VerificationKeySha256);
        string r1csName = configuration.R1csFile ?? DefaultR1csName;
        if (artifacts.R1cs is not null)
        {
            Check(id, "r1cs", r1csName, artifacts.R1cs, artifacts.R1csSha256 ?? throw new ArgumentException("an r1cs needs its SHA-256", nameof(artifacts)));
        }

        var (protocol, curve) = KeyKind(id, configuration.VkeyFile, artifacts.VerificationKey);
        var system = proofSystems.Find(protocol, curve)
            ?? throw new CircuitIntegrityException(id, $"no loaded proof system handles {protocol} on {curve} ({configuration.VkeyFile})", "vkey");
        if (system is not IProver prover)
        {
            throw new CircuitIntegrityException(id, $"proof system {system.Id} cannot prove", "vkey");
        }
        IVerificationKey verificationKey;
        IProvingKey provingKey;
        try
        {
            verificationKey = system.LoadVerificationKey(artifacts.VerificationKey);
        }
        catch (ProofFormatException e)
        {
            throw new CircuitIntegrityException(id, e.Message, "vkey");
        }
        try
        {
            provingKey = prover.LoadProvingKey(new MemoryStream(artifacts.Zkey, writable: false), configuration.ZkeyFile);
        }
        catch (ArtifactFormatException e)
        {
            throw new CircuitIntegrityException(id, e.Message, "zkey");
        }
        if (provingKey.PublicSignalCount != verificationKey.PublicSignalCount)
        {
            throw new CircuitIntegrityException(id,
                $"{configuration.VkeyFile} declares {verificationKey.PublicSignalCount} public signals; the proving key ({configuration.ZkeyFile}) has {provingKey.PublicSignalCount}", "vkey");
        }
        if (!JsonNode.DeepEquals(JsonNode.Parse(prover.ExportVerificationKey(provingKey)), JsonNode.Parse(artifacts.VerificationKey)))
        {
            throw new CircuitIntegrityException(id, $"{configuration.ZkeyFile} does not match {configuration.VkeyFile}: the verification key exported from the proving key differs", "vkey");
        }
        IWitnessCalculator witness;
        try
        {
            witness = witnessEngine.Load(artifacts.Wasm, configuration.WasmFile);
        }
        catch (WitnessException e)
        {
            throw new CircuitIntegrityException(id, e.Message, "wasm");
        }
        if (provingKey.ScalarFieldModulus is { } modulus && witness.Prime != modulus)
        {
            throw new CircuitIntegrityException(id,
                $"{configuration.WasmFile} is compiled for the prime {witness.Prime}; the proving key ({configuration.ZkeyFile}, {protocol} on {curve}) is over the scalar field {modulus}", "wasm");
        }
        if (witness.WitnessLength != provingKey.WitnessLength)
        {
            throw new CircuitIntegrityException(id,
                $"{configuration.WasmFile} declares {witness.WitnessLength} witness values; the proving key ({configuration.ZkeyFile}) expects {provingKey.WitnessLength}", "wasm");
        }
        if (artifacts.R1cs is not null)
        {
            CheckConstraints(id, prover, system.Id, provingKey, artifacts.R1cs, r1csName, configuration.ZkeyFile);
        }
        CircuitCeremony? ceremony = !checkCeremony ? null
            : configuration.SecurityLevel == "production"
                ? _ceremonies.Verify(configuration, system, artifacts.R1cs, artifacts.R1csSha256, artifacts.Zkey, artifacts.ZkeySha256, folder, cancellationToken)
                : CircuitCeremony.Development;
        Task prepared = keep ? (witness as Witness.IPreparedWhenAccepted)?.Prepare() ?? Task.CompletedTask : Task.CompletedTask;
        var descriptor = new CircuitDescriptor(
            id,
            configuration.Description,
            configuration.MaxAttributes,
            configuration.SecurityLevel,
            protocol,
            curve,
            verificationKey.PublicSignalCount,
            configuration.Inputs,
            configuration.MaxRequestBytes,
            new Dictionary<string, string>
            {
                ["wasm"] = artifacts.WasmSha256,
                ["zkey"] = artifacts.ZkeySha256,
                ["vkey"] = artifacts.VerificationKeySha256,
            },
            origin,
            registeredAt,
            ceremony);
        if (!keep)
        {
            // Checked, and proven by prover processes: this process keeps the verification key only.
            return new LoadedCircuit(descriptor, null, system, prover, null, verificationKey, System.Text.Encoding.UTF8.GetString(artifacts.VerificationKey), prepared);
        }
        ResidentKeys[id] = artifacts.Zkey.LongLength;
        return new LoadedCircuit(descriptor, witness, system, prover, provingKey, verificationKey, System.Text.Encoding.UTF8.GetString(artifacts.VerificationKey), prepared);
    }

    /// <summary>Has the proof system check the proving key against the constraint system; every refusal names the r1cs.</summary>
    private static void CheckConstraints(string id, IProver prover, string systemId, IProvingKey provingKey, byte[] r1cs, string r1csName, string zkeyFile)
    {
        string? mismatch;
        try
        {
            mismatch = prover.FindConstraintMismatch(provingKey, new MemoryStream(r1cs, writable: false), r1csName, CancellationToken.None);
        }
        catch (ArtifactFormatException e)
        {
            throw new CircuitIntegrityException(id, e.Message, "r1cs");
        }
        catch (NotSupportedException)
        {
            throw new CircuitIntegrityException(id, $"proof system {systemId} cannot check a proving key against {r1csName}", "r1cs");
        }
        if (mismatch is not null)
        {
            throw new CircuitIntegrityException(id, $"{zkeyFile} was not made for {r1csName}: {mismatch}", "r1cs");
        }
    }

    /// <summary>The protocol and curve a verification key declares.</summary>
    public static (string Protocol, string Curve) KeyKind(string id, string file, byte[] verificationKey)
    {
        try
        {
            using var document = JsonDocument.Parse(verificationKey, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("protocol", out var protocol) && protocol.ValueKind == JsonValueKind.String
                && root.TryGetProperty("curve", out var curve) && curve.ValueKind == JsonValueKind.String)
            {
                return (protocol.GetString()!, curve.GetString()!);
            }
        }
        catch (JsonException e)
        {
            throw new CircuitIntegrityException(id, $"{file} is not valid JSON: {e.Message}", "vkey");
        }
        throw new CircuitIntegrityException(id, $"{file} does not name its protocol and curve", "vkey");
    }

    private static void Check(string id, string artifact, string file, byte[] bytes, string expected)
    {
        string actual = Checksums.Sha256(bytes);
        bool ok = string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
        IntegrityChecks.Add(1, new KeyValuePair<string, object?>("result", ok ? "ok" : "failed"));
        if (!ok)
        {
            throw new CircuitIntegrityException(id, $"{file} has SHA-256 {actual}, expected {expected}", artifact);
        }
    }
}
