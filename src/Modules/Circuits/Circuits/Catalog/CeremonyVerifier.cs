using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CredentialHub.Circuits.Contracts;
using CredentialHub.ProofSystems.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CredentialHub.Circuits.Catalog;

/// <summary>
/// The trusted-setup check of a production circuit: its proving key must come from the powers-of-tau file the
/// configuration names (<c>ptau_file</c>, found in the circuit's folder, then in PTAU_DIR; its BLAKE2b-512 equal to
/// <c>ptau_blake2b512</c> when that is given) and the circuit's r1cs, through the contributions the key records, as
/// <c>zkey verify</c> checks it (<see cref="IPhase2Setup.VerifyKey"/>). A key that fails is refused naming the first check
/// it failed. A passed check is remembered in CEREMONY_CACHE_DIR by the SHA-256s of the r1cs, the ptau and the zkey (and
/// the proof system), so that a restart, or another load of the same files, does not check again; every start still
/// hashes the ptau. The check gets CEREMONY_CHECK_TIMEOUT_SECONDS.
/// </summary>
internal sealed class CeremonyVerifier(IOptions<CircuitsModuleOptions> options, ILogger<CeremonyVerifier>? logger = null)
{
    private static readonly Meter Meter = new(CircuitLoader.MeterName);
    private static readonly Counter<long> Checks =
        Meter.CreateCounter<long>("circuit_ceremony_checks_total", description: "Trusted-setup checks of production circuits' keys, by result (passed, failed, remembered)");

    /// <summary>circuit_ceremony_checks_total for each result, exported at zero until counted.</summary>
    internal static readonly IReadOnlyList<Monitoring.Contracts.KnownSeries> KnownSeries =
        [.. new[] { "passed", "failed", "remembered" }.Select(result => new Monitoring.Contracts.KnownSeries(Checks, [new("result", result)]))];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>What a refusal about the ptau names (an upload's field; <see cref="CircuitIntegrityException.Artifact"/>).</summary>
    private const string PtauField = "configuration.ptau_file";

    private readonly ILogger _logger = logger ?? NullLogger<CeremonyVerifier>.Instance;

    /// <summary>Where ptau files not in a circuit's folder are found: PTAU_DIR, else the ptau folder of the circuits directory.</summary>
    public string? PtauDirectory =>
        options.Value.PtauDirectory is { Length: > 0 } configured ? Path.GetFullPath(configured)
        : options.Value.CircuitsDirectory is { Length: > 0 } circuits ? Path.Combine(circuits, "ptau")
        : null;

    /// <summary>CEREMONY_CACHE_DIR, else credentialhub/ceremony-checks in the user's cache directory.</summary>
    public string CacheDirectory
    {
        get
        {
            if (options.Value.CeremonyCacheDirectory is { Length: > 0 } configured)
            {
                return Path.GetFullPath(configured);
            }
            string? root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(root))
            {
                string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                root = string.IsNullOrEmpty(home) ? Path.GetTempPath() : Path.Combine(home, ".cache");
            }
            return Path.Combine(root, "credentialhub", "ceremony-checks");
        }
    }

    /// <summary>
    /// Checks a production circuit's key against its ceremony, or recalls a passed check of the same files; throws
    /// <see cref="CircuitIntegrityException"/> naming what failed: its artifact is "zkey" for a key that fails the check (or
    /// whose check cannot finish), "r1cs" when no r1cs came with the circuit, "configuration.ptau_file" for a ptau that cannot
    /// be found or read, "configuration.ptau_blake2b512" for one whose hash is not the one pinned.
    /// </summary>
    public CircuitCeremony Verify(CircuitConfiguration configuration, IProofSystem system, byte[]? r1cs, string? r1csSha256, byte[] zkey, string zkeySha256,
        string? folder, CancellationToken cancellationToken)
    {
        string id = configuration.Id;
        string r1csName = configuration.R1csFile ?? CircuitLoader.DefaultR1csName;
        if (r1cs is null || r1csSha256 is null)
        {
            throw new CircuitIntegrityException(id,
                "a production circuit's key is checked against its constraint system, and none came with it: name the circuit's .r1cs in r1cs_file (a circuit folder) or send it as the 'r1cs' part (an upload)",
                "r1cs");
        }
        string ptauName = configuration.PtauFile
            ?? throw new CircuitIntegrityException(id, "a production circuit must name its powers-of-tau file in ptau_file", PtauField);
        if (system is not IPhase2Setup setup)
        {
            throw new CircuitIntegrityException(id, $"proof system {system.Id} cannot check that a key comes from a trusted-setup ceremony; a production circuit needs one that can", "zkey");
        }
        string ptauPath = FindPtau(id, ptauName, folder);
        string ptauSha256;
        try
        {
            using var stream = OpenRead(ptauPath);
            ptauSha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CircuitIntegrityException(id, $"powers-of-tau file {ptauName} cannot be read: {e.Message}", PtauField);
        }

        string cacheKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{system.Id}\n{r1csSha256}\n{ptauSha256}\n{zkeySha256}")));
        if (Recall(cacheKey, system.Id, r1csSha256, ptauSha256, zkeySha256) is { } remembered)
        {
            CheckPin(configuration, remembered.PowersOfTau!);
            Checks.Add(1, new KeyValuePair<string, object?>("result", "remembered"));
            _logger.LogInformation("circuit {Circuit}: trusted-setup check of {Zkey} against {Ptau} remembered from {CheckedAt:O}", id, configuration.ZkeyFile, ptauName, remembered.CheckedAt);
            return remembered with { PowersOfTau = remembered.PowersOfTau! with { File = ptauName } };
        }

        int timeout = options.Value.CeremonyCheckTimeoutSeconds;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        var watch = Stopwatch.StartNew();
        KeyVerification verification;
        try
        {
            using var r1csStream = new MemoryStream(r1cs, writable: false);
            using var ptauStream = OpenRead(ptauPath);
            using var zkeyStream = new MemoryStream(zkey, writable: false);
            verification = setup.VerifyKey(r1csStream, r1csName, ptauStream, ptauName, zkeyStream, configuration.ZkeyFile, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Checks.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            throw new CircuitIntegrityException(id,
                $"the trusted-setup check of {configuration.ZkeyFile} against {ptauName} did not finish within {timeout} s (CEREMONY_CHECK_TIMEOUT_SECONDS)", "zkey");
        }
        catch (ArtifactFormatException e)
        {
            Checks.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            throw new CircuitIntegrityException(id, $"the trusted-setup check of {configuration.ZkeyFile} against {ptauName} and {r1csName} cannot be made: {e.Message}", "zkey");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Checks.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            throw new CircuitIntegrityException(id, $"powers-of-tau file {ptauName} cannot be read: {e.Message}", PtauField);
        }
        if (!verification.IsValid)
        {
            Checks.Add(1, new KeyValuePair<string, object?>("result", "failed"));
            throw new CircuitIntegrityException(id,
                $"{configuration.ZkeyFile} does not come from the ceremony of {ptauName} for {r1csName} (zkey verify): {verification.Failure}", "zkey");
        }
        var ceremony = Describe(verification, ptauName, ptauSha256, DateTimeOffset.UtcNow);
        CheckPin(configuration, ceremony.PowersOfTau!);
        Checks.Add(1, new KeyValuePair<string, object?>("result", "passed"));
        _logger.LogInformation("circuit {Circuit}: {Zkey} comes from the ceremony of {Ptau} (BLAKE2b-512 {Blake2b}, 2^{Power}) through {Contributions} contribution(s); checked in {Seconds:F1} s",
            id, configuration.ZkeyFile, ptauName, ceremony.PowersOfTau!.Blake2b512, ceremony.PowersOfTau.Power, ceremony.Contributions.Count, watch.Elapsed.TotalSeconds);
        Remember(cacheKey, new CacheEntry(system.Id, r1csSha256, ptauSha256, zkeySha256, ceremony));
        return ceremony;
    }

    private string FindPtau(string id, string ptauName, string? folder)
    {
        if (folder is not null && File.Exists(Path.Combine(folder, ptauName)))
        {
            return Path.Combine(folder, ptauName);
        }
        string? directory = PtauDirectory;
        if (directory is not null && File.Exists(Path.Combine(directory, ptauName)))
        {
            return Path.Combine(directory, ptauName);
        }
        string where = folder is null
            ? $"is not in PTAU_DIR ({directory ?? "not set"})"
            : $"is neither in the circuit's folder nor in PTAU_DIR ({directory ?? "not set"})";
        throw new CircuitIntegrityException(id, $"powers-of-tau file {ptauName} (ptau_file) {where}", PtauField);
    }

    private static FileStream OpenRead(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 1 << 20, Options = FileOptions.SequentialScan });

    /// <summary>Refuses a ptau whose BLAKE2b-512 is not the one the configuration pins (<c>ptau_blake2b512</c>).</summary>
    private static void CheckPin(CircuitConfiguration configuration, CeremonyPowersOfTau ptau)
    {
        if (configuration.PtauBlake2b512 is { } pinned && !string.Equals(pinned, ptau.Blake2b512, StringComparison.OrdinalIgnoreCase))
        {
            throw new CircuitIntegrityException(configuration.Id,
                $"powers-of-tau file {configuration.PtauFile} has BLAKE2b-512 {ptau.Blake2b512}; ptau_blake2b512 in {CircuitConfiguration.FileName} says {pinned}", "configuration.ptau_blake2b512");
        }
    }

    private static CircuitCeremony Describe(KeyVerification verification, string ptauName, string ptauSha256, DateTimeOffset checkedAt)
    {
        var ptau = verification.PowersOfTau;
        var contributions = verification.Contributions
            .Select(c => new CeremonyContribution(c.Name, c.Kind == ContributionKind.Beacon ? "beacon" : "contribution", c.Hash, c.BeaconHash, c.IterationsExponent))
            .ToList();
        return new CircuitCeremony(
            true,
            $"the proving key was checked (zkey verify) to come from the powers-of-tau file {ptauName} and this circuit's constraint system through the {contributions.Count} contribution(s) listed; it is as safe as that ceremony and those contributions (one honest participant suffices)",
            new CeremonyPowersOfTau(ptauName, ptau.Blake2b512Hex, ptauSha256, ptau.Power, ptau.CeremonyPower, ptau.Contributions.Count),
            verification.CircuitHash,
            contributions,
            checkedAt);
    }

    /// <summary>A passed check as remembered on disk, with the SHA-256s it was made for.</summary>
    private sealed record CacheEntry(string ProofSystem, string R1csSha256, string PtauSha256, string ZkeySha256, CircuitCeremony Ceremony);

    private CircuitCeremony? Recall(string cacheKey, string system, string r1cs, string ptau, string zkey)
    {
        string path = Path.Combine(CacheDirectory, cacheKey + ".json");
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }
            var entry = JsonSerializer.Deserialize<CacheEntry>(File.ReadAllBytes(path), Json);
            if (entry is { Ceremony: { Verified: true, PowersOfTau: not null } ceremony }
                && entry.ProofSystem == system && entry.R1csSha256 == r1cs && entry.PtauSha256 == ptau && entry.ZkeySha256 == zkey)
            {
                return ceremony;
            }
            _logger.LogWarning("trusted-setup check cache entry {Path} does not describe the files it is named for; checking again", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            _logger.LogWarning("trusted-setup check cache entry {Path} cannot be read ({Reason}); checking again", path, e.Message);
        }
        return null;
    }

    private void Remember(string cacheKey, CacheEntry entry)
    {
        string directory = CacheDirectory;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            string path = Path.Combine(directory, cacheKey + ".json");
            string partial = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.partial";
            File.WriteAllBytes(partial, JsonSerializer.SerializeToUtf8Bytes(entry, Json));
            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("the trusted-setup check could not be remembered in {Directory} ({Reason}); it will run again at the next start (set CEREMONY_CACHE_DIR to a writable folder)",
                directory, e.Message);
        }
    }
}
