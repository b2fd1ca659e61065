using System.Security.Cryptography;
using System.Text;
using CredentialHub.Circuits.Storage;
using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Circuits.Tests.Storage;

/// <summary>What every <see cref="ICircuitStore"/> does, run against each implementation by a subclass.</summary>
public abstract class CircuitStoreContract
{
    private static readonly DateTimeOffset RegisteredAt = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);

    private protected abstract ICircuitStore Store { get; }

    internal static (StoredCircuit Circuit, Dictionary<string, byte[]> Artifacts) NewCircuit(string id, string sharedVerificationKey = "vk")
    {
        byte[] wasm = Encoding.UTF8.GetBytes($"wasm of {id}");
        byte[] zkey = RandomNumberGenerator.GetBytes(4096);
        byte[] vkey = Encoding.UTF8.GetBytes(sharedVerificationKey);
        var artifacts = new[] { wasm, zkey, vkey }.ToDictionary(Sha256, a => a);
        var circuit = new StoredCircuit(id, $$"""{"id":"{{id}}","publicSignals":["ageOk"]}""", Sha256(wasm), Sha256(zkey), Sha256(vkey), RegisteredAt);
        return (circuit, artifacts);
    }

    internal static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    [Fact]
    public async Task A_registered_circuit_is_found_listed_and_its_artifacts_read_back()
    {
        var (circuit, artifacts) = NewCircuit("age-over-18");
        Assert.True(await Store.TryAddAsync(circuit, artifacts, default));

        Assert.Equal(circuit, await Store.FindAsync("age-over-18", default));
        Assert.Equal([circuit], await Store.ListAsync(default));
        foreach (var (sha256, content) in artifacts)
        {
            Assert.Equal(content, await Store.ReadArtifactAsync(sha256, default));
        }
    }

    [Fact]
    public async Task A_circuit_with_its_r1cs_keeps_the_r1cs_digest_and_one_without_keeps_none()
    {
        var (withR1cs, artifacts) = NewCircuit("with-r1cs");
        byte[] r1cs = Encoding.UTF8.GetBytes("r1cs of with-r1cs");
        artifacts[Sha256(r1cs)] = r1cs;
        withR1cs = withR1cs with { R1csSha256 = Sha256(r1cs) };
        var (without, otherArtifacts) = NewCircuit("without-r1cs");
        Assert.True(await Store.TryAddAsync(withR1cs, artifacts, default));
        Assert.True(await Store.TryAddAsync(without, otherArtifacts, default));

        Assert.Equal(Sha256(r1cs), (await Store.FindAsync("with-r1cs", default))!.R1csSha256);
        Assert.Equal(r1cs, await Store.ReadArtifactAsync(Sha256(r1cs), default));
        Assert.Null((await Store.FindAsync("without-r1cs", default))!.R1csSha256);
        Assert.Equal([withR1cs, without], await Store.ListAsync(default));
    }

    [Fact]
    public async Task Unknown_ids_and_digests_find_nothing()
    {
        Assert.Null(await Store.FindAsync("nope", default));
        Assert.Null(await Store.ReadArtifactAsync(Sha256([1, 2, 3]), default));
        Assert.Empty(await Store.ListAsync(default));
    }

    [Fact]
    public async Task A_registered_circuit_is_immutable_the_second_add_stores_nothing()
    {
        var (first, firstArtifacts) = NewCircuit("kyc");
        var (second, secondArtifacts) = NewCircuit("kyc", sharedVerificationKey: "another key");
        Assert.True(await Store.TryAddAsync(first, firstArtifacts, default));
        Assert.False(await Store.TryAddAsync(second with { ConfigurationJson = "{}" }, secondArtifacts, default));

        Assert.Equal(first, await Store.FindAsync("kyc", default));
        Assert.Null(await Store.ReadArtifactAsync(second.ZkeySha256, default));
        Assert.Null(await Store.ReadArtifactAsync(second.VerificationKeySha256, default));
    }

    [Fact]
    public async Task Artifacts_are_content_addressed_shared_bytes_are_kept_once()
    {
        var (a, aArtifacts) = NewCircuit("a");
        var (b, bArtifacts) = NewCircuit("b");
        Assert.Equal(a.VerificationKeySha256, b.VerificationKeySha256);
        Assert.True(await Store.TryAddAsync(a, aArtifacts, default));
        Assert.True(await Store.TryAddAsync(b, bArtifacts, default));

        Assert.Equal(aArtifacts[a.VerificationKeySha256], await Store.ReadArtifactAsync(b.VerificationKeySha256, default));
        Assert.Equal(5, await DistinctStoredArtifactsAsync(aArtifacts.Keys.Concat(bArtifacts.Keys)));
        Assert.Equal(["a", "b"], (await Store.ListAsync(default)).Select(c => c.Id));
    }

    [Fact]
    public async Task Artifacts_keyed_by_anything_but_their_sha256_are_refused()
    {
        var (circuit, artifacts) = NewCircuit("bad");
        var wrong = artifacts.ToDictionary(kv => kv.Key, kv => kv.Value);
        wrong[circuit.WasmSha256] = [0, 1, 2];
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.TryAddAsync(circuit, wrong, default));
        Assert.Contains(circuit.WasmSha256, error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.FindAsync("bad", default));
    }

    [Fact]
    public async Task Of_concurrent_registrations_of_one_id_exactly_one_wins()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => NewCircuit("race", sharedVerificationKey: $"vk {i}")).ToList();
        var results = await Task.WhenAll(attempts.Select(a => Task.Run(() => Store.TryAddAsync(a.Circuit, a.Artifacts, default))));

        Assert.Single(results, r => r);
        var winner = attempts[Array.IndexOf(results, true)].Circuit;
        Assert.Equal(winner, await Store.FindAsync("race", default));
        Assert.Equal(3, await DistinctStoredArtifactsAsync(attempts.SelectMany(a => a.Artifacts.Keys)));
    }

    /// <summary>How many distinct artifacts the store holds (of those offered, when it cannot list them).</summary>
    private protected abstract Task<int> DistinctStoredArtifactsAsync(IEnumerable<string> offered);
}

public sealed class InMemoryCircuitStoreTests : CircuitStoreContract
{
    private readonly InMemoryCircuitStore _store = new();
    private protected override ICircuitStore Store => _store;

    // The in-memory store cannot list its artifacts: probe every digest offered to it.
    private protected override async Task<int> DistinctStoredArtifactsAsync(IEnumerable<string> offered)
    {
        int count = 0;
        foreach (string sha256 in offered.Distinct())
        {
            count += await _store.ReadArtifactAsync(sha256, default) is null ? 0 : 1;
        }
        return count;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCircuitStoreTests(PostgresServer server) : CircuitStoreContract, IAsyncLifetime
{
    private TestDatabase? _database;
    private IDbContextFactory<CircuitsDbContext>? _contexts;
    private ICircuitStore? _store;

    private protected override ICircuitStore Store => _store!;

    internal static IDbContextFactory<CircuitsDbContext> Contexts(string connectionString) =>
        PostgresContexts.Pooled<CircuitsDbContext>(connectionString, CircuitStorageRegistration.Configure);

    public async Task InitializeAsync()
    {
        _database = await server.CreateDatabaseAsync();
        _contexts = Contexts(_database.ConnectionString);
        await new CircuitsDatabaseMigrator(_contexts).StartAsync(default);
        _store = new PostgresCircuitStore(_contexts);
    }

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    private protected override async Task<int> DistinctStoredArtifactsAsync(IEnumerable<string> offered)
    {
        await using var context = await _contexts!.CreateDbContextAsync();
        return await context.Artifacts.CountAsync();
    }
}
