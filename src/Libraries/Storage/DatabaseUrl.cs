using Npgsql;

namespace CredentialHub.Storage;

/// <summary>
/// Turns DATABASE_URL (<c>postgresql://user:password@host:port/database?sslmode=require</c>, also
/// <c>postgres://</c>) into an Npgsql connection string; a value that is already a key=value connection string
/// passes through unchanged. Errors name DATABASE_URL and the part at fault, never the password.
/// </summary>
public static class DatabaseUrl
{
    private const int DefaultPort = 5432;

    public static string ToNpgsqlConnectionString(string databaseUrl)
    {
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            throw new ArgumentException("DATABASE_URL is empty.", nameof(databaseUrl));
        }
        string value = databaseUrl.Trim();
        bool isUrl = value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);
        if (!isUrl)
        {
            if (value.Contains("://", StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"DATABASE_URL has scheme '{value[..value.IndexOf("://", StringComparison.Ordinal)]}'; expected postgresql:// or postgres://, or a key=value Npgsql connection string.",
                    nameof(databaseUrl));
            }
            if (!value.Contains('=', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    "DATABASE_URL is neither a postgresql:// URL nor a key=value Npgsql connection string.", nameof(databaseUrl));
            }
            return value;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException("DATABASE_URL is not a well-formed URL (expected postgresql://user:password@host:port/database).", nameof(databaseUrl));
        }
        if (string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("DATABASE_URL has no host (expected postgresql://user:password@host:port/database).", nameof(databaseUrl));
        }
        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("DATABASE_URL has no database name after the host (expected postgresql://user:password@host:port/database).", nameof(databaseUrl));
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port,
            Database = database,
        };
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            string user = colon < 0 ? uri.UserInfo : uri.UserInfo[..colon];
            if (user.Length == 0)
            {
                throw new ArgumentException("DATABASE_URL has a password but no user name.", nameof(databaseUrl));
            }
            builder.Username = Uri.UnescapeDataString(user);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var (key, parameter) in QueryParameters(uri.Query))
        {
            try
            {
                builder[key] = parameter;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new ArgumentException($"DATABASE_URL has an unsupported or invalid query parameter '{key}'.", nameof(databaseUrl));
            }
        }
        return builder.ConnectionString;
    }

    private static IEnumerable<(string Key, string Value)> QueryParameters(string query)
    {
        foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            yield return (key, value);
        }
    }
}
