using CredentialHub.Proofs.Storage;
using CredentialHub.Storage;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Proofs.Tests.Storage;

/// <summary>Which proof store each configuration gets.</summary>
[Collection(PostgresAndRedisCollection.Name)]
public sealed class ProofStorageRegistrationTests(RedisServer redis)
{
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing";

    private static ServiceProvider Build(ProofStorageOptions options) =>
        new ServiceCollection().AddLogging().AddProofStorage(options).BuildServiceProvider();

    [Fact]
    public async Task Without_a_connection_string_the_store_is_in_process_and_nothing_migrates()
    {
        await using var provider = Build(new ProofStorageOptions { RedisConfiguration = "127.0.0.1:1" });
        Assert.IsType<InMemoryProofStore>(provider.GetRequiredService<IProofStore>());
        Assert.Empty(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task With_a_connection_string_the_store_is_postgres_with_its_migrator()
    {
        await using var provider = Build(new ProofStorageOptions { ConnectionString = UnusedDatabase });
        Assert.IsType<PostgresProofStore>(provider.GetRequiredService<IProofStore>());
        Assert.IsType<ProofsDatabaseMigrator>(Assert.Single(provider.GetServices<IHostedService>()));
        Assert.Same(provider.GetRequiredService<IProofStore>(), provider.GetRequiredService<IProofStore>());
    }

    [Fact]
    public async Task With_redis_configured_the_postgres_proof_store_sits_behind_the_cache()
    {
        await using var provider = Build(new ProofStorageOptions { ConnectionString = UnusedDatabase, RedisConfiguration = redis.ConfigurationString });
        Assert.IsType<RedisProofCache>(provider.GetRequiredService<IProofStore>());
    }

    [Fact]
    public async Task The_cache_is_a_RedisCache_of_the_module_over_the_one_connection_registered_before()
    {
        var services = new ServiceCollection().AddLogging()
            .AddRedisConnection(redis.ConfigurationString)
            .AddProofStorage(new ProofStorageOptions { ConnectionString = UnusedDatabase, RedisConfiguration = redis.ConfigurationString });
        Assert.Single(services, d => d.ServiceType == typeof(RedisConnection));
        await using var provider = services.BuildServiceProvider();
        Assert.IsType<RedisCache>(provider.GetRequiredKeyedService<IDistributedCache>(ProofStorageRegistration.CacheKey));
        Assert.Null(provider.GetService<IDistributedCache>());
        var connection = provider.GetRequiredService<RedisConnection>();
        Assert.Equal(redis.ConfigurationString, connection.Configuration);
        Assert.False(connection.IsConnected); // nothing connects before the first use
    }

    [Fact]
    public async Task Disposing_the_services_disposes_the_cache_and_then_the_connection_without_error()
    {
        var provider = Build(new ProofStorageOptions { ConnectionString = UnusedDatabase, RedisConfiguration = redis.ConfigurationString });
        var cache = provider.GetRequiredKeyedService<IDistributedCache>(ProofStorageRegistration.CacheKey);
        var connection = provider.GetRequiredService<RedisConnection>();
        await cache.SetAsync("credentialhub:test:" + Guid.NewGuid().ToString("N"), [1], new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
        Assert.True(connection.IsConnected);

        await provider.DisposeAsync();

        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.ConnectAsync());
    }
}
