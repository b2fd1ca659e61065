using CredentialHub.Settings;

namespace CredentialHub.Host;

/// <summary>
/// The host's own settings, bound like the modules' (appsettings.json, then environment variables, under these names)
/// and validated at start: where the plugins are and whether they are reloaded, the log level, the balancers whose forwarded
/// headers are believed, and whether this is production.
/// </summary>
internal sealed class HostSettings
{
    /// <summary>PLUGINS_DIR: where proof-system plugins are discovered (default: plugins/ next to the binary).</summary>
    [ConfigurationKeyName("PLUGINS_DIR")]
    public string? PluginsDirectory { get; set; }

    /// <summary>The plugins folder: PLUGINS_DIR as a full path, or plugins/ next to the binary.</summary>
    public string PluginsPath => PluginsDirectory is { } directory ? Path.GetFullPath(directory) : Plugins.ProofSystemCatalog.DefaultDirectory;

    /// <summary>PLUGINS_RELOAD: plugin folders that change are loaded again without a restart (default false).</summary>
    [ConfigurationKeyName("PLUGINS_RELOAD")]
    public bool PluginsReload { get; set; }

    /// <summary>LOG_LEVEL: Trace, Debug, Information (default), Warning, Error, Critical or None.</summary>
    [ConfigurationKeyName("LOG_LEVEL")]
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>LOG_FORMAT: json (one object per line) or text (one readable line per event); unset: json in production, else text.</summary>
    [ConfigurationKeyName("LOG_FORMAT")]
    public LogFormat? LogFormat { get; set; }

    /// <summary>The console log's format: <see cref="LogFormat"/>, or json in production and text otherwise.</summary>
    public LogFormat EffectiveLogFormat => LogFormat ?? (IsProduction ? Host.LogFormat.Json : Host.LogFormat.Text);

    /// <summary>
    /// TRUSTED_PROXIES: the balancers in front of the service whose X-Forwarded-For and X-Forwarded-Proto are believed
    /// (IP addresses and networks, comma-separated; see <see cref="Host.TrustedProxies"/>). Unset: the headers are ignored.
    /// </summary>
    [ConfigurationKeyName("TRUSTED_PROXIES")]
    [TrustedProxies]
    public string? TrustedProxies { get; set; }

    /// <summary>The networks of <see cref="TrustedProxies"/> (validated at start), or null when it is unset.</summary>
    public IReadOnlyList<System.Net.IPNetwork>? TrustedProxyNetworks => TrustedProxies is { } text ? Host.TrustedProxies.Parse(text) : null;

    [ConfigurationKeyName("ASPNETCORE_ENVIRONMENT")]
    public string? AspNetCoreEnvironment { get; set; }

    [ConfigurationKeyName("DOTNET_ENVIRONMENT")]
    public string? DotNetEnvironment { get; set; }

    /// <summary>Production mode: ASPNETCORE_ENVIRONMENT (or DOTNET_ENVIRONMENT) set to Production. Unset is not production.</summary>
    public bool IsProduction => string.Equals(AspNetCoreEnvironment ?? DotNetEnvironment, "Production", StringComparison.OrdinalIgnoreCase);
}
