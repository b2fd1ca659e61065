using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CredentialHub.Storage;

/// <summary>
/// DATABASE_URL and DB_POOL_SIZE: the PostgreSQL database every module stores in, and the one connection string all of
/// them share (see <see cref="DatabasePool"/>). Bound once for the host (<c>AddOptions&lt;DatabaseSettings&gt;().BindSettings(configuration)</c>
/// from each module that stores); a module's options take <see cref="ConnectionString"/> from it.
/// </summary>
public sealed class DatabaseSettings : IValidatableObject
{
    /// <summary>DATABASE_URL: <c>postgresql://user:password@host:port/database</c> or a key=value Npgsql connection string; unset, data is kept in process.</summary>
    [ConfigurationKeyName("DATABASE_URL")]
    public string? Url { get; set; }

    /// <summary>DB_POOL_SIZE: the most PostgreSQL connections this process holds (one pool shared by every module and the health check).</summary>
    [ConfigurationKeyName("DB_POOL_SIZE")]
    [Range(1, DatabasePool.MaxSize, ErrorMessage = "DB_POOL_SIZE must be a whole number from 1 to 1000: the most PostgreSQL connections one instance holds (instances × DB_POOL_SIZE must stay below the server's max_connections; default 20)")]
    public int PoolSize { get; set; } = DatabasePool.DefaultSize;

    /// <summary>
    /// The connection string every database user of the process shares (always the same string for the same settings);
    /// null without DATABASE_URL, or when it is unusable (validation says why).
    /// </summary>
    public string? ConnectionString => TryConnectionString(DatabasePool.ApplicationName, out string? connectionString, out _) ? connectionString : null;

    /// <summary>The shared connection string under another application name (the <c>keys</c> command's own pool).</summary>
    public bool TryConnectionString(string applicationName, out string? connectionString, out string? problem)
    {
        connectionString = null;
        problem = null;
        if (Url is null)
        {
            return false;
        }
        if (PoolSize is < 1 or > DatabasePool.MaxSize)
        {
            problem = "DB_POOL_SIZE is out of range";
            return false;
        }
        try
        {
            connectionString = DatabasePool.Configure(DatabaseUrl.ToNpgsqlConnectionString(Url), PoolSize, applicationName);
            return true;
        }
        catch (ArgumentException e)
        {
            // The conversions name DATABASE_URL and the part at fault, never the password.
            string message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            problem = message.StartsWith("DATABASE_URL", StringComparison.Ordinal) ? message : $"DATABASE_URL {message}";
            return false;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is not null && !TryConnectionString(DatabasePool.ApplicationName, out _, out string? problem))
        {
            yield return new ValidationResult(problem, [nameof(Url)]);
        }
    }
}
