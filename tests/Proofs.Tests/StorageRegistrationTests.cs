using CredentialHub.Circuits.Storage;
using CredentialHub.Proofs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Proofs.Tests;

/// <summary>Which store each configuration gets.</summary>
[Collection(PostgresAndRedisCollection.Name)]
public sealed class StorageRegistrationTests(RedisServer redis)
{
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing";

    private static ServiceProvider Build(ProofStorageOptions proofs, CircuitStorageOptions circuits)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddProofStorage(proofs);
        services.AddCircuitStorage(circuits);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Without_a_connection_string_both_stores_are_in_process_and_nothing_migrates()
    {
        await using var provider = Build(new ProofStorageOptions { RedisConfiguration = "127.0.0.1:1" }, new CircuitStorageOptions());
        Assert.IsType<InMemoryProofStore>(provider.GetRequiredService<IProofStore>());
        Assert.IsType<InMemoryCircuitStore>(provider.GetRequiredService<ICircuitStore>());
        Assert.Empty(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task With_a_connection_string_the_stores_are_postgres_with_a_migrator_each()
    {
        await using var provider = Build(new ProofStorageOptions { ConnectionString = UnusedDatabase }, new CircuitStorageOptions { ConnectionString = UnusedDatabase });
        Assert.IsType<PostgresProofStore>(provider.GetRequiredService<IProofStore>());
        Assert.IsType<PostgresCircuitStore>(provider.GetRequiredService<ICircuitStore>());
        Assert.Equal(
            [typeof(CircuitsDatabaseMigrator), typeof(ProofsDatabaseMigrator)],
            provider.GetServices<IHostedService>().Select(s => s.GetType()).OrderBy(t => t.Name));
        Assert.Same(provider.GetRequiredService<IProofStore>(), provider.GetRequiredService<IProofStore>());
    }

    [Fact]
    public async Task With_redis_configured_the_postgres_proof_store_sits_behind_the_cache()
    {
        await using var provider = Build(
            new ProofStorageOptions { ConnectionString = UnusedDatabase, RedisConfiguration = redis.ConfigurationString },
            new CircuitStorageOptions());
        Assert.IsType<RedisProofCache>(provider.GetRequiredService<IProofStore>());
    }
}
