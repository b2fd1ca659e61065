using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Storage;

/// <summary>Registers the host's one <see cref="RedisConnection"/>.</summary>
public static class RedisConnectionRegistration
{
    /// <summary>
    /// Registers <see cref="RedisConnection"/> as a singleton for <paramref name="configuration"/> (nothing when it is
    /// null or blank). Every module that uses Redis calls it with the host's configuration: the first call registers
    /// the connection, the others find it, so that the host has one multiplexer. Nothing connects here: the
    /// multiplexer is created by its first use, and a server that is away does not delay the start-up.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The configuration cannot be parsed, or a connection with another configuration is registered already.
    /// </exception>
    public static IServiceCollection AddRedisConnection(this IServiceCollection services, string? configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return services;
        }
        RedisConnection.ParseOptions(configuration); // a bad configuration fails at start-up, not on the first request
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(string) && Equals(d.ServiceKey, typeof(RedisConnection)));
        if (registered is not null)
        {
            if (!string.Equals(registered.KeyedImplementationInstance as string, configuration, StringComparison.Ordinal))
            {
                throw new ArgumentException("a Redis connection with another configuration is registered already: the host has one Redis connection", nameof(configuration));
            }
            return services;
        }
        // The configuration, keyed by the connection's type, tells a later call which connection is registered.
        services.Add(ServiceDescriptor.KeyedSingleton(typeof(string), typeof(RedisConnection), configuration));
        services.AddSingleton(_ => new RedisConnection(configuration));
        return services;
    }
}
