using System.Security.Cryptography;
using CredentialHub.Security.Keys;
using CredentialHub.Security.Storage;
using Microsoft.EntityFrameworkCore;

namespace CredentialHub.Security.Tests.Keys;

/// <summary>
/// What every <see cref="IApiKeyStore"/> does, run against each implementation by a subclass. Times are whole
/// milliseconds so that stores keeping microseconds (PostgreSQL) compare equal.
/// </summary>
public abstract class ApiKeyStoreContract
{
    internal static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The store under test, empty at the start of each test.</summary>
    private protected abstract IApiKeyStore Store { get; }

    /// <summary>Another store over the same storage, as another instance of the service would open it.</summary>
    private protected abstract IApiKeyStore AnotherInstance();

    internal static ApiKeyRecord NewKey(DateTimeOffset? createdAt = null, params string[] scopes) => new(
        Guid.NewGuid(),
        "ci deploy",
        "chk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)),
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
        scopes.Length == 0 ? ["prove", "verify"] : scopes,
        createdAt ?? T0.AddMilliseconds(123),
        null);

    /// <summary>Records hold the scopes as a list, which compares by reference: compare them apart.</summary>
    internal static void AssertSame(ApiKeyRecord expected, ApiKeyRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Scopes = [] }, actual with { Scopes = [] });
        Assert.Equal(expected.Scopes, actual.Scopes);
    }

    [Fact]
    public async Task An_added_key_is_found_by_id_and_by_hash_with_every_field_as_added()
    {
        var key = NewKey();
        var rotated = NewKey(T0.AddDays(1), "circuits:admin") with { RevokedAt = T0.AddDays(2), ReplacedBy = Guid.NewGuid(), Name = "old – ünïcode" };
        await Store.AddAsync(key, default);
        await Store.AddAsync(rotated, default);

        AssertSame(key, await Store.FindAsync(key.Id, default));
        AssertSame(key, await Store.FindByHashAsync(key.Sha256, default));
        AssertSame(rotated, await Store.FindAsync(rotated.Id, default));
        AssertSame(rotated, await Store.FindByHashAsync(rotated.Sha256, default));
        AssertSame(key, await AnotherInstance().FindByHashAsync(key.Sha256, default));
    }

    [Fact]
    public async Task Every_scope_survives_the_round_trip_in_order()
    {
        var key = NewKey(null, "prove", "verify", "credentials:issue", "credentials:read", "circuits:admin");
        await Store.AddAsync(key, default);
        Assert.Equal(key.Scopes, (await Store.FindAsync(key.Id, default))!.Scopes);

        var none = NewKey() with { Scopes = [] };
        await Store.AddAsync(none, default);
        Assert.Empty((await Store.FindAsync(none.Id, default))!.Scopes);
    }

    [Fact]
    public async Task A_time_with_an_offset_is_the_same_instant_when_read_back()
    {
        var key = NewKey(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(2)));
        await Store.AddAsync(key, default);
        Assert.Equal(key.CreatedAt.UtcDateTime, (await Store.FindAsync(key.Id, default))!.CreatedAt.UtcDateTime);
    }

    [Fact]
    public async Task A_second_key_with_the_same_hash_or_id_is_refused_and_the_first_kept()
    {
        var key = NewKey();
        await Store.AddAsync(key, default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AddAsync(NewKey() with { Sha256 = key.Sha256 }, default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => AnotherInstance().AddAsync(NewKey() with { Sha256 = key.Sha256 }, default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AddAsync(NewKey() with { Id = key.Id }, default));

        AssertSame(key, Assert.Single(await Store.ListAsync(default)));
        AssertSame(key, await Store.FindByHashAsync(key.Sha256, default));
    }

    [Fact]
    public async Task Unknown_ids_and_hashes_find_nothing_and_revoke_nothing()
    {
        await Store.AddAsync(NewKey(), default);
        var unknown = Guid.NewGuid();
        Assert.Null(await Store.FindAsync(unknown, default));
        Assert.Null(await Store.FindByHashAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), default));
        Assert.Null(await Store.FindByHashAsync("", default));
        Assert.Null(await Store.RevokeAsync(unknown, T0, default));
        Assert.Null(await Store.FindAsync(unknown, default));
        Assert.Single(await Store.ListAsync(default));
    }

    [Fact]
    public async Task Hashes_are_matched_exactly()
    {
        var key = NewKey();
        await Store.AddAsync(key, default);
        Assert.Null(await Store.FindByHashAsync(key.Sha256.ToUpperInvariant(), default));
        Assert.Null(await Store.FindByHashAsync(key.Sha256[..^1], default));
    }

    [Fact]
    public async Task A_rotation_records_the_successor_and_a_later_revocation_keeps_it()
    {
        var key = NewKey();
        var successor = NewKey();
        await Store.AddAsync(key, default);
        await Store.AddAsync(successor, default);
        var rotated = key with { RevokedAt = T0.AddHours(1), ReplacedBy = successor.Id };
        AssertSame(rotated, await Store.RevokeAsync(key.Id, T0.AddHours(1), default, successor.Id));
        AssertSame(rotated, await AnotherInstance().RevokeAsync(key.Id, T0.AddHours(2), default));
        AssertSame(rotated, await Store.FindAsync(key.Id, default));
        AssertSame(successor, await Store.FindAsync(successor.Id, default));
    }

    [Fact]
    public async Task Revoking_sets_the_time_and_a_second_revocation_keeps_the_first()
    {
        var key = NewKey();
        var other = NewKey();
        await Store.AddAsync(key, default);
        await Store.AddAsync(other, default);

        AssertSame(key with { RevokedAt = T0.AddHours(1) }, await Store.RevokeAsync(key.Id, T0.AddHours(1), default));
        AssertSame(key with { RevokedAt = T0.AddHours(1) }, await AnotherInstance().RevokeAsync(key.Id, T0.AddHours(2), default));

        AssertSame(key with { RevokedAt = T0.AddHours(1) }, await Store.FindAsync(key.Id, default));
        AssertSame(key with { RevokedAt = T0.AddHours(1) }, await Store.FindByHashAsync(key.Sha256, default));
        AssertSame(other, await Store.FindAsync(other.Id, default));
    }

    [Fact]
    public async Task Of_concurrent_revocations_one_time_is_kept_and_every_caller_sees_it()
    {
        var key = NewKey();
        await Store.AddAsync(key, default);
        var times = Enumerable.Range(1, 8).Select(i => T0.AddMinutes(i)).ToList();

        var results = await Task.WhenAll(times.Select(t => Task.Run(() => AnotherInstance().RevokeAsync(key.Id, t, default))));

        var kept = (await Store.FindAsync(key.Id, default))!.RevokedAt;
        Assert.Contains(kept!.Value, times);
        Assert.All(results, r => Assert.Equal(kept, r!.RevokedAt));
    }

    [Fact]
    public async Task Keys_are_listed_oldest_first_revoked_ones_included()
    {
        Assert.Empty(await Store.ListAsync(default));
        var newest = NewKey(T0.AddDays(2));
        var oldest = NewKey(T0);
        var middle = NewKey(T0.AddDays(1));
        foreach (var key in new[] { newest, oldest, middle })
        {
            await Store.AddAsync(key, default);
        }
        await Store.RevokeAsync(middle.Id, T0.AddDays(3), default);

        var listed = await AnotherInstance().ListAsync(default);
        Assert.Equal([oldest.Id, middle.Id, newest.Id], listed.Select(k => k.Id));
        AssertSame(oldest, listed[0]);
        AssertSame(middle with { RevokedAt = T0.AddDays(3) }, listed[1]);
        AssertSame(newest, listed[2]);
    }

    [Fact]
    public async Task The_stored_scopes_are_not_shared_with_the_caller()
    {
        string[] scopes = ["prove"];
        var key = NewKey() with { Scopes = scopes };
        await Store.AddAsync(key, default);
        scopes[0] = "circuits:admin";

        Assert.Equal(["prove"], (await Store.FindAsync(key.Id, default))!.Scopes);
    }
}

public sealed class InMemoryApiKeyStoreTests : ApiKeyStoreContract
{
    private readonly InMemoryApiKeyStore _store = new();

    private protected override IApiKeyStore Store => _store;

    // One process, one store: "another instance" is the same store.
    private protected override IApiKeyStore AnotherInstance() => _store;
}

/// <summary>Builds key stores over a test database the way the host does, without the host.</summary>
internal static class ApiKeyStores
{
    /// <summary>A context factory of its own, as a separate service instance has.</summary>
    public static IDbContextFactory<SecurityDbContext> Contexts(string connectionString) =>
        PostgresContexts.Pooled<SecurityDbContext>(connectionString, SecurityStorageRegistration.Configure);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresApiKeyStoreTests(PostgresServer server) : ApiKeyStoreContract, IAsyncLifetime
{
    private TestDatabase? _database;
    private IApiKeyStore? _store;

    private protected override IApiKeyStore Store => _store!;

    private protected override IApiKeyStore AnotherInstance() => new PostgresApiKeyStore(ApiKeyStores.Contexts(_database!.ConnectionString));

    public async Task InitializeAsync()
    {
        _database = await server.CreateDatabaseAsync();
        _store = await SecurityStorageRegistration.OpenApiKeyStoreAsync(_database.ConnectionString, default);
    }

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task The_database_itself_refuses_a_second_row_with_the_same_hash()
    {
        var key = NewKey();
        await Store.AddAsync(key, default);
        await using var context = await ApiKeyStores.Contexts(_database!.ConnectionString).CreateDbContextAsync();
        context.ApiKeys.Add(NewKey() with { Sha256 = key.Sha256 });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        var postgres = Assert.IsType<Npgsql.PostgresException>(error.InnerException);
        Assert.Equal(Npgsql.PostgresErrorCodes.UniqueViolation, postgres.SqlState);
        Assert.Equal(SecurityDbContext.UniqueHashIndex, postgres.ConstraintName);
    }
}
