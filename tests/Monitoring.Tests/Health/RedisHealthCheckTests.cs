using System.Diagnostics;
using CredentialHub.Monitoring.Health;
using CredentialHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Monitoring.Tests.Health;

/// <summary>The Redis health check on the shared connection: healthy, degraded within a bounded time while Redis is away, healthy again.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisHealthCheckTests(RedisServer redis)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static async Task<(HealthCheckResult Result, TimeSpan Took)> CheckAsync(RedisHealthCheck check)
    {
        var clock = Stopwatch.StartNew();
        var result = await check.CheckHealthAsync(new HealthCheckContext());
        return (result, clock.Elapsed);
    }

    [Fact]
    public async Task Healthy_with_redis_degraded_at_once_when_it_stops_and_healthy_again_when_it_returns()
    {
        redis.Start();
        await using var connection = new RedisConnection(redis.ConfigurationString);
        var check = new RedisHealthCheck(connection);
        try
        {
            var (up, _) = await CheckAsync(check);
            Assert.Equal(HealthStatus.Healthy, up.Status);
            Assert.StartsWith("PING answered in", up.Description, StringComparison.Ordinal);

            redis.Stop();
            var (down, took) = await CheckAsync(check);
            Assert.Equal(HealthStatus.Degraded, down.Status);
            Assert.Contains("Redis does not answer", down.Description, StringComparison.Ordinal);
            Assert.True(took < Bound, $"the check took {took.TotalSeconds:0.0} s with Redis stopped");

            redis.Start();
            var deadline = Stopwatch.StartNew();
            HealthCheckResult again;
            while ((again = (await CheckAsync(check)).Result).Status != HealthStatus.Healthy)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"still {again.Status} 30 s after Redis returned: {again.Description}");
                await Task.Delay(200);
            }
        }
        finally
        {
            redis.Start();
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_degraded_within_the_bound_from_the_first_check_on()
    {
        await using var connection = new RedisConnection("127.0.0.1:1");
        var check = new RedisHealthCheck(connection);
        for (int i = 0; i < 2; i++)
        {
            var (result, took) = await CheckAsync(check);
            Assert.Equal(HealthStatus.Degraded, result.Status);
            Assert.True(took < Bound, $"check {i + 1} took {took.TotalSeconds:0.0} s");
        }
    }

    [Fact]
    public async Task The_module_checks_redis_on_the_one_registered_connection()
    {
        var services = new ServiceCollection().AddLogging()
            .AddRedisConnection("127.0.0.1:1")
            .AddMonitoringModule(monitoring => (monitoring.RedisConfiguration, monitoring.MetricsEnabled) = ("127.0.0.1:1", false));
        Assert.Single(services, d => d.ServiceType == typeof(RedisConnection));
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "redis");
        Assert.Equal(HealthStatus.Degraded, report.Entries["redis"].Status);
        Assert.False(provider.GetRequiredService<RedisConnection>().IsConnected);
    }
}
