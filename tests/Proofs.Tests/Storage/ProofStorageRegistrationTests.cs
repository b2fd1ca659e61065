using CredentialHub.Proofs.Storage;
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
}
