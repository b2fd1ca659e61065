using CredentialHub.Security.Keys;
using CredentialHub.Security.Storage;
using CredentialHub.Security.Tests.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CredentialHub.Security.Tests.Storage;

/// <summary>
/// The generated migrations against a real server, through the registration the module uses and through the
/// host-less opening the <c>keys</c> command uses: they build the schema on an empty database, match the model,
/// run again harmlessly, and what one instance stored the next one reads.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SecurityStorageMigrationTests(PostgresServer server) : MigrationTests(server)
{
    protected override string Schema => SecurityDbContext.Schema;

    protected override void AddStorage(IServiceCollection services) =>
        services.AddSecurityStorage(new SecurityStorageOptions { ConnectionString = ConnectionString });

    protected override async Task StoreAndReadBackAsync(IServiceProvider provider)
    {
        var key = ApiKeyStoreContract.NewKey(null, "prove", "credentials:read");
        var store = provider.GetRequiredService<IApiKeyStore>();
        await store.AddAsync(key, default);
        ApiKeyStoreContract.AssertSame(key, await store.FindByHashAsync(key.Sha256, default));
    }

    [Fact]
    public async Task Start_up_migrates_an_empty_database_into_the_security_schema()
    {
        Assert.Empty(await ScalarsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'security'"));

        await using var provider = await StartAsync();

        Assert.Equal(
            ["__EFMigrationsHistory", "api_keys"],
            (await ScalarsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'security'")).Order(StringComparer.Ordinal));
        Assert.Equal(["20261121130000_Initial"], await ScalarsAsync("SELECT \"MigrationId\" FROM security.\"__EFMigrationsHistory\""));
        string hashIndex = Assert.Single(await ScalarsAsync("SELECT indexdef FROM pg_indexes WHERE schemaname = 'security' AND indexname LIKE 'ix_%'"));
        Assert.Equal("CREATE UNIQUE INDEX ix_api_keys_sha256 ON security.api_keys USING btree (sha256)", hashIndex);
        Assert.Empty(await ScalarsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task Columns_have_the_intended_types_and_no_column_holds_a_key()
    {
        await using var provider = await StartAsync();
        var columns = await ScalarsAsync(
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable FROM information_schema.columns WHERE table_schema = 'security' AND table_name <> '__EFMigrationsHistory'");

        // Exhaustive: a new column fails this test until someone decides whether it may hold secret material.
        string[] expected =
        [
            "api_keys.created_at timestamp with time zone NO", "api_keys.id uuid NO", "api_keys.name text NO",
            "api_keys.prefix text NO", "api_keys.replaced_by uuid YES", "api_keys.revoked_at timestamp with time zone YES",
            "api_keys.scopes text NO", "api_keys.sha256 text NO",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), columns.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Scopes_are_stored_as_one_space_separated_text()
    {
        await using var provider = await StartAsync();
        var key = ApiKeyStoreContract.NewKey(null, "prove", "credentials:read");
        await provider.GetRequiredService<IApiKeyStore>().AddAsync(key, default);

        Assert.Equal(["prove credentials:read"], await ScalarsAsync($"SELECT scopes FROM security.api_keys WHERE id = '{key.Id}'"));
    }

    [Fact]
    public async Task The_generated_snapshot_matches_the_model()
    {
        await using var provider = await StartAsync();
        await AssertSnapshotMatchesTheModelAsync<SecurityDbContext>(provider);
    }

    [Fact]
    public async Task The_migrator_run_twice_migrates_nothing_the_second_time_and_keeps_the_data()
    {
        var contexts = ApiKeyStores.Contexts(ConnectionString);
        var migrator = new SecurityDatabaseMigrator(contexts);
        await migrator.StartAsync(default);
        var store = new PostgresApiKeyStore(contexts);
        var key = ApiKeyStoreContract.NewKey();
        await store.AddAsync(key, default);

        await migrator.StartAsync(default);

        Assert.Single(await ScalarsAsync("SELECT \"MigrationId\" FROM security.\"__EFMigrationsHistory\""));
        ApiKeyStoreContract.AssertSame(key, await store.FindAsync(key.Id, default));
    }

    [Fact]
    public async Task The_keys_command_opening_migrates_an_empty_database_and_shares_keys_with_the_service()
    {
        var opened = await SecurityStorageRegistration.OpenApiKeyStoreAsync(ConnectionString, default);
        Assert.IsType<PostgresApiKeyStore>(opened);
        var key = ApiKeyStoreContract.NewKey();
        await opened.AddAsync(key, default);

        await using var provider = await StartAsync();
        var reopened = await SecurityStorageRegistration.OpenApiKeyStoreAsync(ConnectionString, default);

        ApiKeyStoreContract.AssertSame(key, await provider.GetRequiredService<IApiKeyStore>().FindByHashAsync(key.Sha256, default));
        ApiKeyStoreContract.AssertSame(key, Assert.Single(await reopened.ListAsync(default)));
        Assert.Single(await ScalarsAsync("SELECT \"MigrationId\" FROM security.\"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task A_second_start_sees_what_the_first_instance_stored()
    {
        var key = ApiKeyStoreContract.NewKey();
        await using (var first = await StartAsync())
        {
            var store = first.GetRequiredService<IApiKeyStore>();
            Assert.IsType<PostgresApiKeyStore>(store);
            await store.AddAsync(key, default);
        }

        await using var second = await StartAsync();

        ApiKeyStoreContract.AssertSame(key, await second.GetRequiredService<IApiKeyStore>().FindAsync(key.Id, default));
    }

    [Fact]
    public async Task Instances_starting_together_both_migrate_without_error()
    {
        var first = Task.Run(StartAsync);
        var second = Task.Run(StartAsync);
        var command = Task.Run(() => SecurityStorageRegistration.OpenApiKeyStoreAsync(ConnectionString, default));
        await Task.WhenAll(first, second, command);
        await (await first).DisposeAsync();
        await (await second).DisposeAsync();
        Assert.Single(await ScalarsAsync("SELECT \"MigrationId\" FROM security.\"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task An_unreachable_database_fails_the_keys_command_opening_with_an_npgsql_error()
    {
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() =>
            SecurityStorageRegistration.OpenApiKeyStoreAsync("Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=2", default));
        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Which key store each configuration gets.</summary>
public sealed class SecurityStorageRegistrationTests
{
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing";

    private static ServiceProvider Build(string? connectionString) =>
        new ServiceCollection().AddLogging().AddSecurityStorage(new SecurityStorageOptions { ConnectionString = connectionString }).BuildServiceProvider();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Without_a_connection_string_the_store_is_in_process_and_nothing_migrates(string? connectionString)
    {
        await using var provider = Build(connectionString);
        Assert.IsType<InMemoryApiKeyStore>(provider.GetRequiredService<IApiKeyStore>());
        Assert.Same(provider.GetRequiredService<IApiKeyStore>(), provider.GetRequiredService<IApiKeyStore>());
        Assert.Empty(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task With_a_connection_string_the_store_is_postgres_with_its_migrator()
    {
        await using var provider = Build(UnusedDatabase);
        Assert.IsType<PostgresApiKeyStore>(provider.GetRequiredService<IApiKeyStore>());
        Assert.Same(provider.GetRequiredService<IApiKeyStore>(), provider.GetRequiredService<IApiKeyStore>());
        Assert.IsType<SecurityDatabaseMigrator>(Assert.Single(provider.GetServices<IHostedService>()));
    }
}
