using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Storage;

/// <summary>
/// REDIS_URL: the Redis server shared by the modules that use one (rate limits and nonces, the proof cache, the health
/// check). Bound once for the host; a module's options take <see cref="Configuration"/> from it.
/// </summary>
public sealed class RedisSettings : IValidatableObject
{
    /// <summary>REDIS_URL: <c>redis://[:password@]host[:port][/db]</c> or a StackExchange.Redis configuration string; unset, no Redis.</summary>
    [ConfigurationKeyName("REDIS_URL")]
    public string? Url { get; set; }

    /// <summary>
/// StackExchange.Redis configuration for <see cref="Url"/>, one <see cref="RedisConnection"/> accepts; null when unset
/// or unusable (validation says why).
/// </summary>
    public string? Configuration => TryConfiguration(out string? configuration, out _) ? configuration : null;

    private bool TryConfiguration(out string? configuration, out string? problem)
    {
        configuration = null;
        problem = null;
        if (Url is null)
        {
            return false;
        }
        string converted;
        try
        {
            converted = RedisUrl.ToConfiguration(Url);
        }
        catch (ArgumentException e)
        {
            problem = $"REDIS_URL {e.Message}";
            return false;
        }
        try
        {
            RedisConnection.ParseOptions(converted);
        }
        catch (ArgumentException e)
        {
            // StackExchange.Redis names the option at fault, never the password.
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            problem = $"REDIS_URL is not a usable Redis configuration: {message}";
            return false;
        }
        configuration = converted;
        return true;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not null && !TryConfiguration(out _, out string? problem))
        {
            yield return new ValidationResult(problem, [nameof(Url)]);
        }
    }
}
