using CredentialHub.Security.Contracts;
using CredentialHub.Security.Nonces;
using CredentialHub.Security.RateLimiting;
using CredentialHub.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Security.Storage;

/// <summary>Registers the rate-limit and nonce stores chosen by the Redis configuration.</summary>
internal static class SecurityRedisRegistration
{
    /// <summary>
    /// Registers <see cref="IRateLimitStore"/> and <see cref="INonceStore"/> as singletons: in process without a Redis
    /// configuration; otherwise Redis over the host's one <see cref="RedisConnection"/> (registered here unless it is
    /// already; connected on first use), each with its in-process fallback for outages. Adds <see cref="TimeProvider.System"/> unless a clock is registered.
    /// </summary>
    /// <exception cref="ArgumentException">The Redis configuration cannot be parsed.</exception>
    public static IServiceCollection AddSecurityRedis(this IServiceCollection services, string? redisConfiguration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InMemoryRateLimitStore>();
        services.AddSingleton<InMemoryNonceStore>();

        if (string.IsNullOrWhiteSpace(redisConfiguration))
        {
            services.AddSingleton<IRateLimitStore>(sp => sp.GetRequiredService<InMemoryRateLimitStore>());
            services.AddSingleton<INonceStore>(sp => sp.GetRequiredService<InMemoryNonceStore>());
            return services;
        }

        services.AddRedisConnection(redisConfiguration);
        services.AddSingleton<RedisRateLimitStore>();
        services.AddSingleton<RedisNonceStore>();
        services.AddSingleton<IRateLimitStore>(sp => new FailoverRateLimitStore(
            sp.GetRequiredService<RedisRateLimitStore>(),
            sp.GetRequiredService<InMemoryRateLimitStore>(),
            sp.GetRequiredService<ILogger<FailoverRateLimitStore>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<INonceStore>(sp => new FailoverNonceStore(
            sp.GetRequiredService<RedisNonceStore>(),
            sp.GetRequiredService<InMemoryNonceStore>(),
            sp.GetRequiredService<ILogger<FailoverNonceStore>>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
