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
    LogLevel LogLevel)
{
    public static ServiceSettings Read(Func<string, string?> environment)
    {
        string? database = Text(environment, "DATABASE_URL");
        string? redis = Text(environment, "REDIS_URL");
        int workers = Int(environment, "MAX_CONCURRENT_PROOFS", 2, 1, 256);
        return new ServiceSettings(
            HostConfiguration.PluginsDirectory(environment),
            FindCircuitsDirectory(environment),
            database is null ? null : Convert("DATABASE_URL", () => DatabaseUrl.ToNpgsqlConnectionString(database)),
            redis is null ? null : Convert("REDIS_URL", () => RedisUrl.ToConfiguration(redis)),
            TimeSpan.FromSeconds(Int(environment, "PROOF_CACHE_TTL", 3600, 1, 30 * 24 * 3600)),
            workers,
            Int(environment, "PROOF_QUEUE_CAPACITY", 8 * workers, 1, 100_000),
            TimeSpan.FromSeconds(Seconds(environment, "PROOF_TIMEOUT_SECONDS", 10, 0.01, 3600)),
            TimeSpan.FromSeconds(Int(environment, "PROOF_WAIT_SECONDS", 15, 0, 3600)),
            Int(environment, "MAX_REQUEST_BYTES", 10 * 1024, 256, 1 << 24),
            Int(environment, "CIRCUIT_UPLOAD_MAX_BYTES", 64 << 20, 1024, int.MaxValue),
            Level(environment));
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

/// <summary>A configuration value is wrong; the message names the variable.</summary>
internal sealed class ConfigurationException(string variable, string problem) : Exception($"{variable} {problem}")
{
    public string Variable { get; } = variable;
}
