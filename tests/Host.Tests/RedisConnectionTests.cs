using CredentialHub.Monitoring;
using CredentialHub.Proofs;
using CredentialHub.Security;
using CredentialHub.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Host.Tests;

/// <summary>The modules that use Redis, registered as the host registers them, share the host's one connection.</summary>
public class RedisConnectionTests
{
    private const string Redis = "127.0.0.1:1,abortConnect=false";

    private static IServiceCollection Modules(string redis) =>
        new ServiceCollection().AddLogging()
            .AddRedisConnection(Redis)
            .AddMonitoringModule(monitoring => (monitoring.RedisConfiguration, monitoring.MetricsEnabled) = (redis, false))
            .AddSecurityModule(security => security.RedisConfiguration = redis)
            .AddProofsModule(proofs => (proofs.DatabaseConnectionString, proofs.RedisConfiguration) = ("Host=127.0.0.1;Port=1;Username=nobody;Database=nothing", redis));

    [Fact]
    public async Task Monitoring_security_and_proofs_register_one_redis_connection()
    {
        var services = Modules(Redis);
        Assert.Single(services, d => d.ServiceType == typeof(RedisConnection));
        await using var provider = services.BuildServiceProvider();
        Assert.Equal(Redis, provider.GetRequiredService<RedisConnection>().Configuration);
    }

    [Fact]
    public async Task The_host_composed_from_REDIS_URL_registers_one_redis_connection_for_every_module()
    {
        var services = new ServiceCollection().AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("REDIS_URL", "redis://127.0.0.1:1/3"), new("DATABASE_URL", "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing"), new("SECRET_KEY", "Zq8v1LrT4m9XbN2cY7pK0sWd3Fh6Gj5Ae")]).Build();
        services.AddCredentialHub(configuration);
        Assert.Single(services, d => d.ServiceType == typeof(RedisConnection));
        await using var provider = services.BuildServiceProvider();
        Assert.Equal("127.0.0.1:1,abortConnect=false,defaultDatabase=3", provider.GetRequiredService<RedisConnection>().Configuration);
    }

    [Fact]
    public void A_module_given_another_redis_configuration_is_refused_at_registration()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Modules("127.0.0.1:2"));
        Assert.Contains("another configuration", error.Message, StringComparison.Ordinal);
    }
}
