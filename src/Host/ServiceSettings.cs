using System.Globalization;

namespace CredentialHub.Host;

/// <summary>
/// The service's configuration, read from environment variables named as in the original service description
/// (DATABASE_URL, REDIS_URL, PROOF_CACHE_TTL, MAX_CONCURRENT_PROOFS, …) plus the project's own. A bad value stops
/// the start-up with a message naming the variable; a secret is never repeated in it.
/// </summary>
internal sealed record ServiceSettings(
    string PluginsDirectory,
    string CircuitsDirectory,
    string? DatabaseConnectionString,
    string? RedisConfiguration,
    TimeSpan ProofCacheTtl,
    int MaxConcurrentProofs,
    int ProofQueueCapacity,
    TimeSpan ProofTimeout,
    TimeSpan ProofWait,
    int MaxRequestBytes,
    long CircuitUploadMaxBytes,
    LogLevel LogLevel,
    byte[]? Secret = null,
    bool IsProduction = false,
    int RateLimitPerMinute = 60,
    int ProveRateLimitPerMinute = 10,
    int RateLimitBurst = 5,
    string? JwtIssuer = null,
    string JwtAudience = "credentialhub",
    string? JwtPublicKeyPem = null,
    TimeSpan? NonceLifetime = null,
    bool MetricsEnabled = true,
    TimeSpan? ShutdownDrain = null,
    string? InstanceName = null,
    int DatabasePoolSize = DatabasePool.DefaultSize,
    string? OtlpEndpoint = null,
    bool PluginsReload = false,
    Uri? JwtAuthority = null,
    Uri? JwtJwksUrl = null)
{
    private static readonly string[] WeakSecretWords = ["changeme", "change-me", "change_me", "secret", "example", "default", "password", "placeholder"];

    /// <summary>The shortest SECRET_KEY accepted (characters) and key file (bytes).</summary>
    public const int MinSecretLength = 32;

    public static ServiceSettings Read(Func<string, string?> environment)
    {
        string? database = Text(environment, "DATABASE_URL");
        string? redis = Text(environment, "REDIS_URL");
        int workers = Int(environment, "MAX_CONCURRENT_PROOFS", 2, 1, 256);
        int poolSize = PoolSize(environment);
        bool production = IsProductionEnvironment(environment);
        byte[]? secret = ReadSecret(environment);
        if (secret is null && production)
        {
            throw new ConfigurationException("SECRET_KEY", $"is required in production mode (ASPNETCORE_ENVIRONMENT=Production): credentials and the issuer key are encrypted under it; set SECRET_KEY (at least {MinSecretLength} characters) or SECRET_KEY_FILE");
        }
        if (secret is null && database is not null)
        {
            throw new ConfigurationException("SECRET_KEY", $"is required when DATABASE_URL is set: credentials and the issuer key are stored encrypted under it, and a generated key would not survive a restart; set SECRET_KEY (at least {MinSecretLength} characters) or SECRET_KEY_FILE");
        }
        return new ServiceSettings(
            HostConfiguration.PluginsDirectory(environment),
            FindCircuitsDirectory(environment),
            database is null ? null : Convert("DATABASE_URL", () => DatabasePool.Configure(DatabaseUrl.ToNpgsqlConnectionString(database), poolSize)),
            redis is null ? null : Convert("REDIS_URL", () => RedisUrl.ToConfiguration(redis)),
            TimeSpan.FromSeconds(Int(environment, "PROOF_CACHE_TTL", 3600, 1, 30 * 24 * 3600)),
            workers,
            Int(environment, "PROOF_QUEUE_CAPACITY", 8 * workers, 1, 100_000),
            TimeSpan.FromSeconds(Seconds(environment, "PROOF_TIMEOUT_SECONDS", 10, 0.01, 3600)),
            TimeSpan.FromSeconds(Int(environment, "PROOF_WAIT_SECONDS", 15, 0, 3600)),
            Int(environment, "MAX_REQUEST_BYTES", 10 * 1024, 256, 1 << 24),
            Int(environment, "CIRCUIT_UPLOAD_MAX_BYTES", 64 << 20, 1024, int.MaxValue),
            Level(environment),
            secret,
            production,
            Int(environment, "RATE_LIMIT_PER_MINUTE", 60, 0, 1_000_000),
            Int(environment, "PROVE_RATE_LIMIT_PER_MINUTE", 10, 0, 1_000_000),
            Int(environment, "RATE_LIMIT_BURST", 5, 0, 1_000_000),
            Text(environment, "JWT_ISSUER"),
            Text(environment, "JWT_AUDIENCE") ?? "credentialhub",
            ReadPublicKey(environment),
            TimeSpan.FromSeconds(Int(environment, "NONCE_TTL_SECONDS", 300, 10, 24 * 3600)),
            Bool(environment, "METRICS_ENABLED", true),
            TimeSpan.FromSeconds(Int(environment, "SHUTDOWN_DRAIN_SECONDS", 20, 0, 3600)),
            InstanceNameOf(environment),
            poolSize,
            OtlpEndpointOf(environment),
            Bool(environment, "PLUGINS_RELOAD", false),
            KeysUrl(environment, "JWT_AUTHORITY"),
            KeysUrl(environment, "JWT_JWKS_URL"));
    }

    /// <summary>
    /// OTEL_EXPORTER_OTLP_ENDPOINT: the OpenTelemetry collector traces go to (an absolute http or https address); unset,
    /// no tracing. The exporter itself reads it and the other standard OTEL_* variables.
    /// </summary>
    private static string? OtlpEndpointOf(Func<string, string?> environment)
    {
        string? endpoint = Text(environment, "OTEL_EXPORTER_OTLP_ENDPOINT");
        if (endpoint is not null && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new ConfigurationException("OTEL_EXPORTER_OTLP_ENDPOINT", "must be an absolute http:// or https:// address of an OpenTelemetry collector (e.g. http://localhost:4317 for OTLP/gRPC, http://localhost:4318 with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)");
        }
        return endpoint;
    }

    /// <summary>JWT_AUTHORITY, JWT_JWKS_URL: an absolute https URL, or http on a loopback address (a local identity provider).</summary>
    private static Uri? KeysUrl(Func<string, string?> environment, string name)
    {
        if (Text(environment, name) is not { } text)
        {
            return null;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            && string.IsNullOrEmpty(url.UserInfo)
            ? url
            : throw new ConfigurationException(name, "must be an absolute https URL without credentials (http only on a loopback address such as 127.0.0.1)");
    }

    /// <summary>INSTANCE_NAME: printable, at most 200 characters.</summary>
    private static string? InstanceNameOf(Func<string, string?> environment)
    {
        string? name = Text(environment, "INSTANCE_NAME");
        if (name is not null && (name.Length > 200 || name.Any(char.IsControl) || name.Contains('#', StringComparison.Ordinal)))
        {
            throw new ConfigurationException("INSTANCE_NAME", "must be at most 200 printable characters without '#'");
        }
        return name;
    }

    /// <summary>DB_POOL_SIZE: the most PostgreSQL connections this process holds (one pool shared by every module and the health check).</summary>
    internal static int PoolSize(Func<string, string?> environment)
    {
        if (Text(environment, "DB_POOL_SIZE") is not { } text)
        {
            return DatabasePool.DefaultSize;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size < 1 || size > DatabasePool.MaxSize)
        {
            throw new ConfigurationException("DB_POOL_SIZE", $"must be a whole number from 1 to {DatabasePool.MaxSize}: the most PostgreSQL connections one instance holds (instances × DB_POOL_SIZE must stay below the server's max_connections; default {DatabasePool.DefaultSize})");
        }
        return size;
    }

    /// <summary>JWT_PUBLIC_KEY_FILE: a PEM RSA (2048 bits or more) or P-256 public key for RS256 / ES256 bearer tokens.</summary>
    private static string? ReadPublicKey(Func<string, string?> environment)
    {
        if (Text(environment, "JWT_PUBLIC_KEY_FILE") is not { } file)
        {
            return null;
        }
        string pem;
        try
        {
            pem = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException("JWT_PUBLIC_KEY_FILE", $"cannot be read ({e.GetType().Name})");
        }
        if (!pem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal) && !pem.Contains("-----BEGIN RSA PUBLIC KEY-----", StringComparison.Ordinal))
        {
            throw new ConfigurationException("JWT_PUBLIC_KEY_FILE", "must hold a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        return pem;
    }

    /// <summary>Production mode: ASPNETCORE_ENVIRONMENT (or DOTNET_ENVIRONMENT) set to Production. Unset is not production.</summary>
    private static bool IsProductionEnvironment(Func<string, string?> environment) =>
        string.Equals(Text(environment, "ASPNETCORE_ENVIRONMENT") ?? Text(environment, "DOTNET_ENVIRONMENT"), "Production", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// SECRET_KEY (its UTF-8 bytes, at least 32 characters) or SECRET_KEY_FILE (the file's bytes, trailing white space
    /// dropped, at least 32 bytes), not both; null when neither is set. Messages never quote the secret.
    /// </summary>
    private static byte[]? ReadSecret(Func<string, string?> environment)
    {
        string? key = environment("SECRET_KEY") is { Length: > 0 } raw ? raw : null;
        string? file = Text(environment, "SECRET_KEY_FILE");
        if (key is not null && file is not null)
        {
            throw new ConfigurationException("SECRET_KEY_FILE", "and SECRET_KEY are both set: give one");
        }
        if (key is not null)
        {
            if (key.Length < MinSecretLength)
            {
                throw new ConfigurationException("SECRET_KEY", $"is too short: it must be at least {MinSecretLength} characters (e.g. `openssl rand -base64 48`)");
            }
            if (key.Distinct().Count() < 8 || WeakSecretWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ConfigurationException("SECRET_KEY", "looks like a placeholder or default (too few distinct characters, or words such as 'changeme', 'secret', 'example'): use a random value, e.g. `openssl rand -base64 48`");
            }
            return System.Text.Encoding.UTF8.GetBytes(key);
        }
        if (file is null)
        {
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException("SECRET_KEY_FILE", $"cannot be read ({e.GetType().Name})");
        }
        int length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            length--;
        }
        byte[] secret = bytes.AsSpan(0, length).ToArray();
        Array.Clear(bytes);
        return secret.Length >= MinSecretLength
            ? secret
            : throw new ConfigurationException("SECRET_KEY_FILE", $"holds {secret.Length} bytes; at least {MinSecretLength} are needed (e.g. `head -c 48 /dev/urandom > key`)");
    }

    /// <summary>CIRCUITS_DIR, else circuits/ next to the binary, else circuits/ in the working directory or the nearest parent holding one.</summary>
    private static string FindCircuitsDirectory(Func<string, string?> environment)
    {
        if (Text(environment, "CIRCUITS_DIR") is { } configured)
        {
            return Path.GetFullPath(configured);
        }
        string beside = Path.Combine(AppContext.BaseDirectory, "circuits");
        if (Directory.Exists(beside))
        {
            return beside;
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "circuits");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return beside;
    }

    /// <summary>LOG_LEVEL: Trace, Debug, Information (default), Warning, Error, Critical or None.</summary>
    private static LogLevel Level(Func<string, string?> environment)
    {
        if (Text(environment, "LOG_LEVEL") is not { } text)
        {
            return LogLevel.Information;
        }
        return Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(text, out _)
            ? level
            : throw new ConfigurationException("LOG_LEVEL", "must be one of Trace, Debug, Information, Warning, Error, Critical, None");
    }

    private static bool Bool(Func<string, string?> environment, string name, bool fallback) =>
        Text(environment, name)?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new ConfigurationException(name, "must be true or false"),
        };

    private static string? Text(Func<string, string?> environment, string name) =>
        environment(name) is { } value && value.Trim().Length > 0 ? value.Trim() : null;

    private static int Int(Func<string, string?> environment, string name, int fallback, int min, int max)
    {
        if (Text(environment, name) is not { } text)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new ConfigurationException(name, $"must be a whole number from {min} to {max}");
        }
        return value;
    }

    private static double Seconds(Func<string, string?> environment, string name, double fallback, double min, double max)
    {
        if (Text(environment, name) is not { } text)
        {
            return fallback;
        }
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value < min || value > max)
        {
            throw new ConfigurationException(name, $"must be a number of seconds from {min} to {max}");
        }
        return value;
    }

    private static string Convert(string name, Func<string> convert)
    {
        try
        {
            return convert();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(name, e.Message);
        }
    }
}
