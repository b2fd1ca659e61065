using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CredentialHub.TestSupport;

/// <summary>
/// The base of a module's migration tests against a real server: each test class gets a database of its own on the
/// collection's <see cref="PostgresServer"/>, registers the module's storage as the host does
/// (<see cref="AddStorage"/>), starts it (<see cref="StartAsync"/>, which runs the migrators) and reads the schema back
/// (<see cref="ScalarsAsync"/>, <see cref="DumpSchemaAsync"/>). Put the derived class in
/// <see cref="PostgresCollection"/> or <see cref="PostgresAndRedisCollection"/>.
/// <para>
/// Every module gets two tests from here, against <see cref="PreviousReleaseDumpFile"/>: the normalised pg_dump of
/// its schema as the hand-written migrations of the release before the generated ones (December 2026) built it,
/// with its <c>__EFMigrationsHistory</c> rows. The migrations build exactly that schema on an empty database, and a
/// database in that state starts without migrating anything and keeps working. A module whose schema changed since
/// (<see cref="MigrationsSincePreviousRelease"/>) gets instead: a database in that state is upgraded by exactly the newer
/// migrations, keeps working, and ends with the schema the migrations build on an empty database.
/// </para>
/// </summary>
public abstract class MigrationTests(PostgresServer server) : IAsyncLifetime
{
    /// <summary>The module's schema: its context's default schema, which also holds its migration history.</summary>
    protected abstract string Schema { get; }

    /// <summary>
    /// Stores something through the module's store in <paramref name="provider"/> (started by <see cref="StartAsync"/>)
    /// and reads it back, asserting it came back equal.
    /// </summary>
    protected abstract Task StoreAndReadBackAsync(IServiceProvider provider);

    /// <summary><c>tests/&lt;M&gt;.Tests/Storage/&lt;schema&gt;.previous-release.sql</c> of the test project.</summary>
    protected string PreviousReleaseDumpFile =>
        Repository.Path("tests", GetType().Assembly.GetName().Name!.Replace("CredentialHub.", "", StringComparison.Ordinal), "Storage", $"{Schema}.previous-release.sql");

    /// <summary>The ids of the migrations added since <see cref="PreviousReleaseDumpFile"/> was captured, in order (none by default).</summary>
    protected virtual IReadOnlyList<string> MigrationsSincePreviousRelease => [];

    [Fact]
    public async Task The_migrations_build_the_schema_the_previous_release_built()
    {
        string fresh;
        await using (var provider = await StartAsync())
        {
            fresh = WithoutProductVersions(await DumpSchemaAsync());
        }

        // The history rows name the EF version that applied them: the same migration ids, whatever the version.
        if (MigrationsSincePreviousRelease.Count == 0)
        {
            Assert.Equal(WithoutProductVersions(await ReadPreviousReleaseDumpAsync()), fresh);
            return;
        }
        // Newer migrations: the previous release's database, upgraded, ends with the schema an empty one gets.
        await ExecuteAsync($"DROP SCHEMA {Schema} CASCADE");
        await ExecuteAsync(await ReadPreviousReleaseDumpAsync());
        await using (var upgraded = await StartAsync())
        {
            Assert.Equal(fresh, WithoutProductVersions(await DumpSchemaAsync()));
        }
    }

    [Fact]
    public async Task A_database_the_previous_release_migrated_starts_without_migrating_and_keeps_working()
    {
        string previous = await ReadPreviousReleaseDumpAsync();
        await ExecuteAsync(previous);
        var before = await ScalarsAsync($"SELECT \"MigrationId\" FROM {Schema}.\"__EFMigrationsHistory\" ORDER BY 1");

        await using var provider = await StartAsync();

        if (MigrationsSincePreviousRelease.Count == 0)
        {
            // Equal with the old product version in the history: no migration ran again, nothing changed.
            Assert.Equal(previous, await DumpSchemaAsync());
        }
        else
        {
            // Exactly the newer migrations ran, after those the previous release had applied.
            Assert.Equal([.. before, .. MigrationsSincePreviousRelease],
                await ScalarsAsync($"SELECT \"MigrationId\" FROM {Schema}.\"__EFMigrationsHistory\" ORDER BY 1"));
        }
        await StoreAndReadBackAsync(provider);
    }
    private TestDatabase? _database;

    /// <summary>The test class's own database, empty at the start of each test.</summary>
    protected string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("the database is made in InitializeAsync");

    public async Task InitializeAsync() => _database = await server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Registers the module's storage over <see cref="ConnectionString"/>, as the host does.</summary>
    protected abstract void AddStorage(IServiceCollection services);

    /// <summary>A host's services as the module registers storage, with its hosted services (the migrators) started.</summary>
    protected async Task<ServiceProvider> StartAsync()
    {
        var services = new ServiceCollection().AddLogging();
        AddStorage(services);
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(default);
        }
        return provider;
    }

    /// <summary>Two instances started at once (both migrate), then stopped.</summary>
    protected async Task StartTwoInstancesTogetherAsync()
    {
        var starts = await Task.WhenAll(Task.Run(StartAsync), Task.Run(StartAsync));
        foreach (var provider in starts)
        {
            await provider.DisposeAsync();
        }
    }

    /// <summary>The first column of every row of a query, as text.</summary>
    protected async Task<List<string>> ScalarsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    /// <summary>The normalised pg_dump of <see cref="Schema"/> in the test class's database (<see cref="PostgresServer.DumpSchemaAsync"/>).</summary>
    protected Task<string> DumpSchemaAsync() => PostgresServer.DumpSchemaAsync(ConnectionString, Schema);

    /// <summary>Runs SQL statements (one or several) in the test class's database.</summary>
    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> ReadPreviousReleaseDumpAsync()
    {
        Assert.True(File.Exists(PreviousReleaseDumpFile), $"{PreviousReleaseDumpFile} is missing");
        return PostgresServer.NormaliseDump(await File.ReadAllTextAsync(PreviousReleaseDumpFile));
    }

    private static string WithoutProductVersions(string dump) =>
        Regex.Replace(dump, @"^(INSERT INTO \w+\.""__EFMigrationsHistory"" VALUES \('[^']+', )'[^']+'\);$", "$1'<product version>');", RegexOptions.Multiline);

    /// <summary>The context's migration snapshot matches its model, and no migration is pending.</summary>
    protected static async Task AssertSnapshotMatchesTheModelAsync<TContext>(IServiceProvider provider)
        where TContext : DbContext
    {
        await using var context = await provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContextAsync();
        Assert.False(context.Database.HasPendingModelChanges(), $"{typeof(TContext).Name} differs from its snapshot: add a migration");
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
    }
}
