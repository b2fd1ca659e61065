using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CredentialHub.TestSupport;

/// <summary>
/// The base of a module's migration tests against a real server: each test class gets a database of its own on the
/// collection's <see cref="PostgresServer"/>, registers the module's storage as the host does
/// (<see cref="AddStorage"/>), starts it (<see cref="StartAsync"/>, which runs the migrators) and reads the schema back
/// (<see cref="ScalarsAsync"/>). Put the derived class in <see cref="PostgresCollection"/> or
/// <see cref="PostgresAndRedisCollection"/>.
/// </summary>
public abstract class MigrationTests(PostgresServer server) : IAsyncLifetime
{
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

    /// <summary>The context's hand-written migration snapshot matches its model, and no migration is pending.</summary>
    protected static async Task AssertSnapshotMatchesTheModelAsync<TContext>(IServiceProvider provider)
        where TContext : DbContext
    {
        await using var context = await provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContextAsync();
        Assert.False(context.Database.HasPendingModelChanges(), $"{typeof(TContext).Name} differs from its snapshot: add a migration");
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
    }
}
