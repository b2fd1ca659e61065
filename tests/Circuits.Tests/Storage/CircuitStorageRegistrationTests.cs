using CredentialHub.Circuits.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CredentialHub.Circuits.Tests.Storage;

/// <summary>Which circuit store each configuration gets.</summary>
public sealed class CircuitStorageRegistrationTests
{
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing";

    private static ServiceProvider Build(CircuitStorageOptions options) =>
        new ServiceCollection().AddLogging().AddCircuitStorage(options).BuildServiceProvider();

    [Fact]
    public async Task Without_a_connection_string_the_store_is_in_process_and_nothing_migrates()
    {
        await using var provider = Build(new CircuitStorageOptions());
        Assert.IsType<InMemoryCircuitStore>(provider.GetRequiredService<ICircuitStore>());
        Assert.Empty(provider.GetServices<IHostedService>());
    }

    [Fact]
    public async Task With_a_connection_string_the_store_is_postgres_with_its_migrator()
    {
        await using var provider = Build(new CircuitStorageOptions { ConnectionString = UnusedDatabase });
        Assert.IsType<PostgresCircuitStore>(provider.GetRequiredService<ICircuitStore>());
        Assert.IsType<CircuitsDatabaseMigrator>(Assert.Single(provider.GetServices<IHostedService>()));
    }
}
