using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

/// <summary>
/// One host for the tests that need the ordinary configuration: PostgreSQL (a database of its own), Redis, the
/// shipped circuits, default limits. Shared by every test of <see cref="MainHostTests"/>.
/// </summary>
public sealed class MainHost(PostgresServer postgres, RedisServer redis) : IAsyncLifetime
{
    private TestDatabase? _database;
    private RunningHost? _host;

    public RedisServer Redis { get; } = redis;

    internal TestDatabase Database => _database ?? throw new InvalidOperationException("not started");

    internal RunningHost Host => _host ?? throw new InvalidOperationException("not started");

    /// <summary>The host's client; fails with the host's last output if the process is gone.</summary>
    internal HttpClient Http => Host.Process.HasExited
        ? throw new InvalidOperationException($"the shared host is gone: {Host.Failure()}")
        : Host.Http;

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        _host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = HostProcess.DatabaseUrl(_database.ConnectionString),
            ["REDIS_URL"] = $"redis://127.0.0.1:{Redis.Port}",
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>The tests sharing <see cref="MainHost"/>; split over several files by subject.</summary>
[Collection(PostgresAndRedisCollection.Name)]
public sealed partial class MainHostTests(MainHost main) : IClassFixture<MainHost>
{
    private HttpClient Http => main.Http;
}
