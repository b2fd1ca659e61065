using System.Security.Cryptography;
using CredentialHub.Credentials.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CredentialHub.Credentials.Tests.Storage;

/// <summary>
/// What every <see cref="ICredentialStore"/> does, run against each implementation by a subclass. Times are whole
/// milliseconds so that stores keeping microseconds (PostgreSQL) compare equal.
/// </summary>
public abstract class CredentialStoreContract
{
    internal static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static readonly byte[] NoBytes = [];

    /// <summary>The store under test, empty at the start of each test.</summary>
    private protected abstract ICredentialStore Store { get; }

    /// <summary>Another store over the same storage, as another instance of the service would open it.</summary>
    private protected abstract ICredentialStore AnotherInstance();

    /// <summary>A store over storage that already holds <paramref name="issuerKeys"/> (retired ones included).</summary>
    private protected abstract Task<ICredentialStore> HoldingAsync(IReadOnlyList<StoredIssuerKey> issuerKeys);

    internal static StoredCredential NewCredential(Guid? issuerKeyId = null) => new(
        Guid.NewGuid(),
        "DrivingLicence",
        """[{"name":"birthDate","type":"date"},{"name":"licenceClass","type":"string"}]""",
        issuerKeyId ?? Guid.NewGuid(),
        T0.AddMilliseconds(123),
        new DateOnly(2031, 2, 28),
        null,
        RandomNumberGenerator.GetBytes(300));

    internal static StoredIssuerKey NewIssuerKey(DateTimeOffset? createdAt = null, DateTimeOffset? retiredAt = null) => new(
        Guid.NewGuid(),
        "5299619240641551281634865583518297030282874472190772894086521144482721001553",
        "16950150798460657717958625567821834550301663161624707787222815936182638968203",
        RandomNumberGenerator.GetBytes(60),
        createdAt ?? T0,
        retiredAt);

    /// <summary>Records hold byte arrays, which compare by reference: compare the bytes apart.</summary>
    internal static void AssertSame(StoredCredential expected, StoredCredential? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Sealed = NoBytes }, actual with { Sealed = NoBytes });
        Assert.Equal(expected.Sealed, actual.Sealed);
    }

    internal static void AssertSame(StoredIssuerKey expected, StoredIssuerKey? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { SealedPrivateKey = NoBytes }, actual with { SealedPrivateKey = NoBytes });
        Assert.Equal(expected.SealedPrivateKey, actual.SealedPrivateKey);
    }

    [Fact]
    public async Task An_added_credential_is_found_with_every_field_as_added()
    {
        var credential = NewCredential();
        var revoked = NewCredential() with { ExpiresOn = new DateOnly(9999, 12, 31), RevokedAt = T0.AddDays(3), Sealed = [0, 255, 0, 1] };
        await Store.AddAsync(credential, default);
        await Store.AddAsync(revoked, default);

        AssertSame(credential, await Store.FindAsync(credential.Id, default));
        AssertSame(revoked, await Store.FindAsync(revoked.Id, default));
        AssertSame(credential, await AnotherInstance().FindAsync(credential.Id, default));
    }

    [Fact]
    public async Task A_time_with_an_offset_is_the_same_instant_when_read_back()
    {
        var credential = NewCredential() with { IssuedAt = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(2)) };
        await Store.AddAsync(credential, default);
        var found = await Store.FindAsync(credential.Id, default);
        Assert.Equal(credential.IssuedAt.UtcDateTime, found!.IssuedAt.UtcDateTime);
    }

    [Fact]
    public async Task An_unknown_id_finds_nothing_and_revokes_nothing()
    {
        await Store.AddAsync(NewCredential(), default);
        var unknown = Guid.NewGuid();
        Assert.Null(await Store.FindAsync(unknown, default));
        Assert.Null(await Store.RevokeAsync(unknown, T0, default));
        Assert.Null(await Store.FindAsync(unknown, default));
    }

    [Fact]
    public async Task Revoking_sets_the_time_and_a_second_revocation_keeps_the_first()
    {
        var credential = NewCredential();
        var other = NewCredential();
        await Store.AddAsync(credential, default);
        await Store.AddAsync(other, default);

        var first = await Store.RevokeAsync(credential.Id, T0.AddHours(1), default);
        AssertSame(credential with { RevokedAt = T0.AddHours(1) }, first);

        var second = await Store.RevokeAsync(credential.Id, T0.AddHours(2), default);
        AssertSame(credential with { RevokedAt = T0.AddHours(1) }, second);
        AssertSame(credential with { RevokedAt = T0.AddHours(1) }, await Store.FindAsync(credential.Id, default));
        AssertSame(other, await Store.FindAsync(other.Id, default));
    }

    [Fact]
    public async Task Of_concurrent_revocations_one_time_is_kept_and_every_caller_sees_it()
    {
        var credential = NewCredential();
        await Store.AddAsync(credential, default);
        var times = Enumerable.Range(1, 8).Select(i => T0.AddMinutes(i)).ToList();

        var results = await Task.WhenAll(times.Select(t => Task.Run(() => AnotherInstance().RevokeAsync(credential.Id, t, default))));

        var kept = (await Store.FindAsync(credential.Id, default))!.RevokedAt;
        Assert.Contains(kept!.Value, times);
        Assert.All(results, r => Assert.Equal(kept, r!.RevokedAt));
    }

    [Fact]
    public async Task With_no_issuer_key_the_first_added_becomes_the_active_one()
    {
        Assert.Empty(await Store.ListIssuerKeysAsync(default));
        var key = NewIssuerKey();

        AssertSame(key, await Store.AddIssuerKeyIfNoneActiveAsync(key, default));

        AssertSame(key, Assert.Single(await Store.ListIssuerKeysAsync(default)));
        AssertSame(key, Assert.Single(await AnotherInstance().ListIssuerKeysAsync(default)));
    }

    [Fact]
    public async Task While_a_key_is_active_adding_another_returns_it_and_stores_nothing()
    {
        var first = NewIssuerKey();
        await Store.AddIssuerKeyIfNoneActiveAsync(first, default);

        AssertSame(first, await Store.AddIssuerKeyIfNoneActiveAsync(NewIssuerKey(T0.AddMinutes(1)), default));
        AssertSame(first, await AnotherInstance().AddIssuerKeyIfNoneActiveAsync(NewIssuerKey(T0.AddMinutes(2)), default));

        AssertSame(first, Assert.Single(await Store.ListIssuerKeysAsync(default)));
    }

    [Fact]
    public async Task Issuer_keys_are_listed_oldest_first_and_retired_ones_do_not_count_as_active()
    {
        var middle = NewIssuerKey(T0.AddDays(10), retiredAt: T0.AddDays(20));
        var oldest = NewIssuerKey(T0, retiredAt: T0.AddDays(10));
        var store = await HoldingAsync([middle, oldest]);

        var newest = NewIssuerKey(T0.AddDays(20));
        AssertSame(newest, await store.AddIssuerKeyIfNoneActiveAsync(newest, default));

        var listed = await store.ListIssuerKeysAsync(default);
        Assert.Equal(3, listed.Count);
        AssertSame(oldest, listed[0]);
        AssertSame(middle, listed[1]);
        AssertSame(newest, listed[2]);
    }

    [Fact]
    public async Task A_retired_key_cannot_be_added_as_the_active_one()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddIssuerKeyIfNoneActiveAsync(NewIssuerKey(retiredAt: T0), default));
        Assert.Empty(await Store.ListIssuerKeysAsync(default));
    }

    [Fact]
    public async Task Of_instances_adding_a_key_at_once_exactly_one_key_becomes_active_and_all_get_it()
    {
        var candidates = Enumerable.Range(0, 8).Select(i => NewIssuerKey(T0.AddMilliseconds(i))).ToList();
        var instances = candidates.Select(_ => AnotherInstance()).ToList();
        using var start = new Barrier(candidates.Count);

        var results = await Task.WhenAll(candidates.Select((key, i) => Task.Run(() =>
        {
            start.SignalAndWait();
            return instances[i].AddIssuerKeyIfNoneActiveAsync(key, default);
        })));

        var stored = Assert.Single(await Store.ListIssuerKeysAsync(default));
        Assert.Null(stored.RetiredAt);
        AssertSame(candidates.Single(c => c.Id == stored.Id), stored);
        Assert.All(results, r => AssertSame(stored, r));
    }

    [Fact]
    public async Task Stored_bytes_are_not_shared_with_the_caller()
    {
        var credential = NewCredential();
        byte[] original = credential.Sealed.ToArray();
        await Store.AddAsync(credential, default);
        credential.Sealed[0] ^= 0xff;
        (await Store.FindAsync(credential.Id, default))!.Sealed[1] ^= 0xff;

        Assert.Equal(original, (await Store.FindAsync(credential.Id, default))!.Sealed);
    }
}

public sealed class InMemoryCredentialStoreTests : CredentialStoreContract
{
    private readonly InMemoryCredentialStore _store = new();

    private protected override ICredentialStore Store => _store;

    // One process, one store: "another instance" is the same store.
    private protected override ICredentialStore AnotherInstance() => _store;

    private protected override Task<ICredentialStore> HoldingAsync(IReadOnlyList<StoredIssuerKey> issuerKeys) =>
        Task.FromResult<ICredentialStore>(new InMemoryCredentialStore(issuerKeys));

    [Fact]
    public void A_store_cannot_start_with_two_active_keys()
    {
        Assert.Throws<ArgumentException>(() => new InMemoryCredentialStore([NewIssuerKey(), NewIssuerKey()]));
    }
}

/// <summary>Builds credential stores over a test database the way the host does, without the host.</summary>
internal static class CredentialStores
{
    /// <summary>A context factory of its own, as a separate service instance has.</summary>
    public static IDbContextFactory<CredentialsDbContext> Contexts(string connectionString) =>
        PostgresContexts.Pooled<CredentialsDbContext>(connectionString, CredentialStorageRegistration.Configure);

    /// <summary>A Postgres store over the database, its schema migrated (as the host's hosted service does).</summary>
    public static async Task<PostgresCredentialStore> MigratedPostgresAsync(string connectionString)
    {
        var contexts = Contexts(connectionString);
        await new CredentialsDatabaseMigrator(contexts).StartAsync(default);
        return new PostgresCredentialStore(contexts);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCredentialStoreTests(PostgresServer server) : CredentialStoreContract, IAsyncLifetime
{
    private TestDatabase? _database;
    private ICredentialStore? _store;

    private string ConnectionString => _database!.ConnectionString;

    private protected override ICredentialStore Store => _store!;

    private protected override ICredentialStore AnotherInstance() => new PostgresCredentialStore(CredentialStores.Contexts(ConnectionString));

    private protected override async Task<ICredentialStore> HoldingAsync(IReadOnlyList<StoredIssuerKey> issuerKeys)
    {
        await using var context = await CredentialStores.Contexts(ConnectionString).CreateDbContextAsync();
        context.IssuerKeys.AddRange(issuerKeys);
        await context.SaveChangesAsync();
        return Store;
    }

    public async Task InitializeAsync()
    {
        _database = await server.CreateDatabaseAsync();
        _store = await CredentialStores.MigratedPostgresAsync(ConnectionString);
    }

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task A_key_committed_between_the_read_and_the_insert_wins_and_is_returned()
    {
        // Another instance's key, inserted but not committed: the store's read does not see it, its insert waits on
        // the unique index and fails once the other transaction commits.
        var theirs = NewIssuerKey();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO credentials.issuer_keys (id, public_x, public_y, sealed_private_key, created_at) VALUES ($1, $2, $3, $4, $5)",
            connection,
            transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = theirs.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = theirs.PublicX });
            insert.Parameters.Add(new NpgsqlParameter { Value = theirs.PublicY });
            insert.Parameters.Add(new NpgsqlParameter { Value = theirs.SealedPrivateKey });
            insert.Parameters.Add(new NpgsqlParameter { Value = theirs.CreatedAt });
            await insert.ExecuteNonQueryAsync();
        }

        var ours = Task.Run(() => Store.AddIssuerKeyIfNoneActiveAsync(NewIssuerKey(T0.AddMinutes(1)), default));
        await WaitForALockWaitAsync();
        Assert.False(ours.IsCompleted);
        await transaction.CommitAsync();

        AssertSame(theirs, await ours.WaitAsync(TimeSpan.FromSeconds(30)));
        AssertSame(theirs, Assert.Single(await Store.ListIssuerKeysAsync(default)));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_active_key_but_not_retired_ones()
    {
        await using var context = await CredentialStores.Contexts(ConnectionString).CreateDbContextAsync();
        context.IssuerKeys.AddRange(NewIssuerKey(retiredAt: T0), NewIssuerKey(retiredAt: T0), NewIssuerKey());
        await context.SaveChangesAsync();

        context.IssuerKeys.Add(NewIssuerKey());
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        var postgres = Assert.IsType<PostgresException>(error.InnerException);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
        Assert.Equal(CredentialsDbContext.OneActiveIssuerKeyIndex, postgres.ConstraintName);
    }

    private async Task WaitForALockWaitAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the store's insert never waited on the uncommitted key");
            await Task.Delay(20);
        }
    }
}

/// <summary>
/// The generated migrations against a real server, through the registration the module uses: they build the
/// schema on an empty database, match the model, run again harmlessly, and what one instance stored the next
/// one reads.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CredentialStorageMigrationTests(PostgresServer server) : MigrationTests(server)
{
    protected override string Schema => CredentialsDbContext.Schema;

    protected override void AddStorage(IServiceCollection services) =>
        services.AddCredentialStorage(new CredentialStorageOptions { ConnectionString = ConnectionString });

    protected override async Task StoreAndReadBackAsync(IServiceProvider provider)
    {
        var credential = CredentialStoreContract.NewCredential();
        var key = CredentialStoreContract.NewIssuerKey();
        var store = provider.GetRequiredService<ICredentialStore>();
        await store.AddAsync(credential, default);
        CredentialStoreContract.AssertSame(credential, await store.FindAsync(credential.Id, default));
        CredentialStoreContract.AssertSame(key, await store.AddIssuerKeyIfNoneActiveAsync(key, default));
        CredentialStoreContract.AssertSame(key, await store.AddIssuerKeyIfNoneActiveAsync(CredentialStoreContract.NewIssuerKey(), default));
    }

    [Fact]
    public async Task Start_up_migrates_an_empty_database_into_the_credentials_schema()
    {
        Assert.Empty(await ScalarsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'credentials'"));

        await using var provider = await StartAsync();

        Assert.Equal(
            ["__EFMigrationsHistory", "credentials", "issuer_keys"],
            (await ScalarsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'credentials'")).Order(StringComparer.Ordinal));
        Assert.Equal(["20261121120000_Initial"], await ScalarsAsync("SELECT \"MigrationId\" FROM credentials.\"__EFMigrationsHistory\""));
        Assert.Equal(
            ["ix_credentials_issued_at", "ix_issuer_keys_one_active"],
            (await ScalarsAsync("SELECT indexname FROM pg_indexes WHERE schemaname = 'credentials' AND indexname LIKE 'ix_%'")).Order(StringComparer.Ordinal));
        string oneActive = Assert.Single(await ScalarsAsync("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_issuer_keys_one_active'"));
        Assert.Contains("UNIQUE", oneActive, StringComparison.Ordinal);
        Assert.Contains("NULLS NOT DISTINCT", oneActive, StringComparison.Ordinal);
        Assert.Contains("WHERE (retired_at IS NULL)", oneActive, StringComparison.Ordinal);
        Assert.Empty(await ScalarsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task Columns_have_the_intended_types_and_private_data_has_only_sealed_columns()
    {
        await using var provider = await StartAsync();
        var columns = await ScalarsAsync(
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = 'credentials' AND table_name <> '__EFMigrationsHistory'");

        // Exhaustive: a new column fails this test until someone decides whether it needs sealing.
        string[] expected =
        [
            "credentials.expires_on date NO", "credentials.id uuid NO", "credentials.issued_at timestamp with time zone NO",
            "credentials.issuer_key_id uuid NO", "credentials.revoked_at timestamp with time zone YES", "credentials.schema_json text NO",
            "credentials.sealed bytea NO", "credentials.type text NO",
            "issuer_keys.created_at timestamp with time zone NO", "issuer_keys.id uuid NO", "issuer_keys.public_x text NO",
            "issuer_keys.public_y text NO", "issuer_keys.retired_at timestamp with time zone YES", "issuer_keys.sealed_private_key bytea NO",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), columns.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_generated_snapshot_matches_the_model()
    {
        await using var provider = await StartAsync();
        await AssertSnapshotMatchesTheModelAsync<CredentialsDbContext>(provider);
    }

    [Fact]
    public async Task The_migrator_run_twice_migrates_nothing_the_second_time_and_keeps_the_data()
    {
        var contexts = CredentialStores.Contexts(ConnectionString);
        var migrator = new CredentialsDatabaseMigrator(contexts);
        await migrator.StartAsync(default);
        var store = new PostgresCredentialStore(contexts);
        var credential = CredentialStoreContract.NewCredential();
        await store.AddAsync(credential, default);

        await migrator.StartAsync(default);

        Assert.Single(await ScalarsAsync("SELECT \"MigrationId\" FROM credentials.\"__EFMigrationsHistory\""));
        CredentialStoreContract.AssertSame(credential, await store.FindAsync(credential.Id, default));
    }

    [Fact]
    public async Task A_second_start_sees_what_the_first_instance_stored()
    {
        var credential = CredentialStoreContract.NewCredential();
        var key = CredentialStoreContract.NewIssuerKey();
        await using (var first = await StartAsync())
        {
            var store = first.GetRequiredService<ICredentialStore>();
            Assert.IsType<PostgresCredentialStore>(store);
            await store.AddAsync(credential, default);
            await store.AddIssuerKeyIfNoneActiveAsync(key, default);
        }

        await using var second = await StartAsync();

        var reopened = second.GetRequiredService<ICredentialStore>();
        CredentialStoreContract.AssertSame(credential, await reopened.FindAsync(credential.Id, default));
        CredentialStoreContract.AssertSame(key, await reopened.AddIssuerKeyIfNoneActiveAsync(CredentialStoreContract.NewIssuerKey(), default));
    }

    [Fact]
    public async Task Instances_starting_together_both_migrate_without_error()
    {
        await StartTwoInstancesTogetherAsync();
        Assert.Single(await ScalarsAsync("SELECT \"MigrationId\" FROM credentials.\"__EFMigrationsHistory\""));
    }
}

/// <summary>Which store each configuration gets.</summary>
public sealed class CredentialStorageRegistrationTests
{
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing";

    private static ServiceProvider Build(CredentialStorageOptions options) =>
        new ServiceCollection().AddLogging().AddCredentialStorage(options).BuildServiceProvider();

    [Fact]
    public async Task Without_a_connection_string_the_store_is_in_process_and_nothing_migrates()
    {
        await using var provider = Build(new CredentialStorageOptions());
        Assert.IsType<InMemoryCredentialStore>(provider.GetRequiredService<ICredentialStore>());
        Assert.Same(provider.GetRequiredService<ICredentialStore>(), provider.GetRequiredService<ICredentialStore>());
        Assert.Empty(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task With_a_connection_string_the_store_is_postgres_with_its_migrator()
    {
        await using var provider = Build(new CredentialStorageOptions { ConnectionString = UnusedDatabase });
        Assert.IsType<PostgresCredentialStore>(provider.GetRequiredService<ICredentialStore>());
        Assert.Same(provider.GetRequiredService<ICredentialStore>(), provider.GetRequiredService<ICredentialStore>());
        Assert.IsType<CredentialsDatabaseMigrator>(Assert.Single(provider.GetServices<IHostedService>()));
    }
}
