using CredentialHub.Circuits;
using CredentialHub.Credentials;
using CredentialHub.Monitoring;
using CredentialHub.Proofs;
using CredentialHub.Security;
using CredentialHub.Settings;
using CredentialHub.Storage;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Host.Tests;

/// <summary>
/// The service's settings as the modules receive them (bound from the configuration under their names, validated at
/// start): the security-relevant ones (SECRET_KEY / SECRET_KEY_FILE, production mode, rate limits and tokens), every
/// other variable the service reads, their defaults and their refusals.
/// </summary>
public class ServiceSettingsTests
{
    private const string GoodSecret = "Zq8v1LrT4m9XbN2cY7pK0sWd3Fh6Gj5Ae";

    private static ConfiguredService Read(params (string Name, string Value)[] variables) => ConfiguredService.With(variables);

    private static string Refused(params (string Name, string Value)[] variables) => ConfiguredService.Refusal(variables);

    private static string Variable(string failure) => ConfiguredService.Variable(failure);

    [Fact]
    public void Embedded_defaults_need_no_secret_and_limit_at_60_and_10_per_minute()
    {
        using var settings = Read();
        Assert.Empty(settings.Failures());
        Assert.Null(settings.Options<SecretSettings>().Secret);
        Assert.Null(settings.Options<CredentialsModuleOptions>().Secret);
        Assert.Null(settings.Options<SecurityModuleOptions>().TokenSecret);
        Assert.False(settings.Options<HostSettings>().IsProduction);
        var security = settings.Options<SecurityModuleOptions>();
        Assert.Equal((60, 10, 5), (security.RateLimitPerMinute, security.ProveRateLimitPerMinute, security.RateLimitBurst));
        Assert.Null(security.TokenIssuer);
        Assert.Equal("credentialhub", security.TokenAudience);
        Assert.True(security.CreateAdminKey);
    }

    [Fact]
    public void Every_other_setting_has_the_default_it_always_had()
    {
        using var settings = Read();
        var proofs = settings.Options<ProofsModuleOptions>();
        Assert.Equal((2, 16), (proofs.MaxConcurrentProofs, proofs.QueueCapacity));
        Assert.Equal(
            (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromHours(1), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(5)),
            (proofs.ProofTimeout, proofs.RequestWait, proofs.ProofCacheTtl, proofs.ShutdownDrain, proofs.NonceLifetime));
        Assert.Equal((10240, 10240, 10240L), (proofs.MaxRequestBytes, settings.Options<CredentialsModuleOptions>().MaxRequestBytes, settings.Options<SecurityModuleOptions>().MaxRequestBytes));
        Assert.Equal(64L << 20, settings.Options<CircuitsModuleOptions>().MaxUploadBytes);
        Assert.True(Path.IsPathFullyQualified(settings.Options<CircuitsModuleOptions>().CircuitsDirectory!));
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "plugins"), settings.Options<HostSettings>().PluginsPath);
        Assert.Equal(LogLevel.Information, settings.Host.LogLevel);
        Assert.Equal(20, settings.Options<DatabaseSettings>().PoolSize);
        Assert.Null(proofs.DatabaseConnectionString);
        Assert.Null(proofs.RedisConfiguration);
        var monitoring = settings.Options<MonitoringModuleOptions>();
        Assert.True(monitoring.MetricsEnabled);
        Assert.Null(monitoring.OtlpEndpoint);
        Assert.Equal($"{Environment.MachineName}:default", proofs.InstanceName);
        Assert.Equal(proofs.InstanceName, monitoring.InstanceName);
    }

    [Fact]
    public void Every_variable_is_bound_under_its_name_to_the_module_that_uses_it()
    {
        string circuits = Directory.CreateTempSubdirectory("circuits-").FullName;
        try
        {
            using var settings = Read(
                ("MAX_CONCURRENT_PROOFS", "3"), ("PROOF_QUEUE_CAPACITY", "40"), ("PROOF_TIMEOUT_SECONDS", "2.5"), ("PROOF_WAIT_SECONDS", "7"),
                ("MAX_REQUEST_BYTES", "4096"), ("CIRCUIT_UPLOAD_MAX_BYTES", "2048"), ("PROOF_CACHE_TTL", "60"), ("SHUTDOWN_DRAIN_SECONDS", "0"),
                ("INSTANCE_NAME", "hub-eu-1"), ("NONCE_TTL_SECONDS", "30"), ("METRICS_ENABLED", "off"), ("LOG_LEVEL", "debug"),
                ("CIRCUITS_DIR", circuits), ("PLUGINS_DIR", "some/plugins"), ("REDIS_URL", "redis://:pw@cache:6380/2"),
                ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), ("PTAU_DIR", "/srv/ptau"), ("CEREMONY_CACHE_DIR", "/var/cache/hub"),
                ("CEREMONY_CHECK_TIMEOUT_SECONDS", "1200"));
            Assert.Empty(settings.Failures());
            var proofs = settings.Options<ProofsModuleOptions>();
            Assert.Equal((3, 40, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(7), 4096), (proofs.MaxConcurrentProofs, proofs.QueueCapacity, proofs.ProofTimeout, proofs.RequestWait, proofs.MaxRequestBytes));
            Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.Zero, "hub-eu-1", TimeSpan.FromSeconds(30)), (proofs.ProofCacheTtl, proofs.ShutdownDrain, proofs.InstanceName, proofs.NonceLifetime));
            Assert.Equal("cache:6380,abortConnect=false,password=pw,defaultDatabase=2", proofs.RedisConfiguration);
            Assert.Equal((4096, 4096L), (settings.Options<CredentialsModuleOptions>().MaxRequestBytes, settings.Options<SecurityModuleOptions>().MaxRequestBytes));
            Assert.Equal(proofs.RedisConfiguration, settings.Options<SecurityModuleOptions>().RedisConfiguration);
            Assert.Equal((2048L, circuits), (settings.Options<CircuitsModuleOptions>().MaxUploadBytes, settings.Options<CircuitsModuleOptions>().CircuitsDirectory));
            Assert.Equal(("/srv/ptau", "/var/cache/hub", 1200),
                (settings.Options<CircuitsModuleOptions>().PtauDirectory, settings.Options<CircuitsModuleOptions>().CeremonyCacheDirectory, settings.Options<CircuitsModuleOptions>().CeremonyCheckTimeoutSeconds));
            var monitoring = settings.Options<MonitoringModuleOptions>();
            Assert.Equal((false, "http://collector:4317", "hub-eu-1", proofs.RedisConfiguration), (monitoring.MetricsEnabled, monitoring.OtlpEndpoint, monitoring.InstanceName, monitoring.RedisConfiguration));
            Assert.Equal(LogLevel.Debug, settings.Host.LogLevel);
            Assert.Equal(Path.GetFullPath("some/plugins"), settings.Options<HostSettings>().PluginsPath);
            using var five = Read(("MAX_CONCURRENT_PROOFS", "5"));
            Assert.Equal(8 * 5, five.Options<ProofsModuleOptions>().QueueCapacity);
        }
        finally
        {
            Directory.Delete(circuits);
        }
    }

    [Theory]
    [InlineData("MAX_CONCURRENT_PROOFS", "abc", "MAX_CONCURRENT_PROOFS must be a whole number from 1 to 256")]
    [InlineData("MAX_CONCURRENT_PROOFS", "0", "MAX_CONCURRENT_PROOFS must be a whole number from 1 to 256")]
    [InlineData("PROOF_QUEUE_CAPACITY", "+8", "PROOF_QUEUE_CAPACITY must be a whole number from 1 to 100000")]
    [InlineData("PROOF_TIMEOUT_SECONDS", "1e3", "PROOF_TIMEOUT_SECONDS must be a number of seconds from 0.01 to 3600")]
    [InlineData("PROOF_TIMEOUT_SECONDS", "NaN", "PROOF_TIMEOUT_SECONDS must be a number of seconds from 0.01 to 3600")]
    [InlineData("PROOF_WAIT_SECONDS", "3601", "PROOF_WAIT_SECONDS must be a whole number from 0 to 3600")]
    [InlineData("MAX_REQUEST_BYTES", "100", "MAX_REQUEST_BYTES must be a whole number from 256 to 16777216")]
    [InlineData("CIRCUIT_UPLOAD_MAX_BYTES", "99999999999", "CIRCUIT_UPLOAD_MAX_BYTES must be a whole number from 1024 to 2147483647")]
    [InlineData("CEREMONY_CHECK_TIMEOUT_SECONDS", "0", "CEREMONY_CHECK_TIMEOUT_SECONDS must be a whole number from 1 to 86400")]
    [InlineData("CEREMONY_CHECK_TIMEOUT_SECONDS", "1.5", "CEREMONY_CHECK_TIMEOUT_SECONDS must be a whole number from 1 to 86400")]
    [InlineData("PROOF_CACHE_TTL", "0x10", "PROOF_CACHE_TTL must be a whole number from 1 to 2592000")]
    [InlineData("SHUTDOWN_DRAIN_SECONDS", "-1", "SHUTDOWN_DRAIN_SECONDS must be a whole number from 0 to 3600")]
    [InlineData("METRICS_ENABLED", "sometimes", "METRICS_ENABLED must be true or false")]
    [InlineData("LOG_LEVEL", "verbose", "LOG_LEVEL must be one of Trace, Debug, Information, Warning, Error, Critical, None")]
    [InlineData("LOG_LEVEL", "2", "LOG_LEVEL must be one of Trace, Debug, Information, Warning, Error, Critical, None")]
    [InlineData("INSTANCE_NAME", "a#b", "INSTANCE_NAME must be at most 200 printable characters without '#'")]
    [InlineData("PROVE_RATE_LIMIT_PER_MINUTE", "many", "PROVE_RATE_LIMIT_PER_MINUTE must be a whole number from 0 to 1000000")]
    [InlineData("RATE_LIMIT_BURST", "1000001", "RATE_LIMIT_BURST must be a whole number from 0 to 1000000")]
    [InlineData("REDIS_URL", "http://cache", "REDIS_URL must look like redis://[:password@]host[:port][/db]")]
    [InlineData("TRUSTED_PROXIES", "balancer.internal", "TRUSTED_PROXIES must be a comma-separated list of IP addresses and networks (such as 10.0.0.5, 172.18.0.0/16)")]
    [InlineData("TRUSTED_PROXIES", "10.0.0.5, 172.18.0.1/16", "TRUSTED_PROXIES must be a comma-separated list of IP addresses and networks (such as 10.0.0.5, 172.18.0.0/16)")]
    [InlineData("TRUSTED_PROXIES", "10.0.0.0/33", "TRUSTED_PROXIES must be a comma-separated list of IP addresses and networks (such as 10.0.0.5, 172.18.0.0/16)")]
    [InlineData("TRUSTED_PROXIES", ",", "TRUSTED_PROXIES must be a comma-separated list of IP addresses and networks (such as 10.0.0.5, 172.18.0.0/16)")]
    public void A_malformed_or_out_of_range_value_is_refused_once_naming_its_setting_never_quoting_it(string name, string value, string message)
    {
        Assert.Equal(message, Refused((name, value)));
    }

    [Fact]
    public void A_REDIS_URL_the_Redis_client_cannot_use_is_refused_at_start_not_at_registration()
    {
        var refused = Refused(("REDIS_URL", "cache:6379,password=hunter2pw,connectTimeout=soon"));
        Assert.StartsWith("REDIS_URL is not a usable Redis configuration: ", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2pw", refused, StringComparison.Ordinal);
    }

    [Fact]
    public void PLUGINS_RELOAD_is_off_unless_set_true_and_refused_when_not_a_boolean()
    {
        Assert.False(PluginsReload());
        Assert.True(PluginsReload(("PLUGINS_RELOAD", "true")));
        Assert.True(PluginsReload(("PLUGINS_RELOAD", "1")));
        Assert.False(PluginsReload(("PLUGINS_RELOAD", "false")));
        var error = Refused(("PLUGINS_RELOAD", "sometimes"));
        Assert.Equal("PLUGINS_RELOAD", Variable(error));
        Assert.Equal("PLUGINS_RELOAD must be true or false", error);

        static bool PluginsReload(params (string Name, string Value)[] variables)
        {
            using var settings = Read(variables);
            Assert.Equal(settings.Host.PluginsReload, settings.Options<HostSettings>().PluginsReload);
            return settings.Options<HostSettings>().PluginsReload;
        }
    }

    [Fact]
    public void A_strong_SECRET_KEY_is_used_as_its_UTF8_bytes()
    {
        using var settings = Read(("SECRET_KEY", GoodSecret), ("ASPNETCORE_ENVIRONMENT", "Production"));
        Assert.Empty(settings.Failures());
        Assert.True(settings.Options<HostSettings>().IsProduction);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(GoodSecret), settings.Options<SecretSettings>().Secret);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(GoodSecret), settings.Options<CredentialsModuleOptions>().Secret);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(GoodSecret), settings.Options<SecurityModuleOptions>().TokenSecret);
    }

    [Theory]
    [InlineData("short-k3y-Zq8v1", "too short")]
    [InlineData("changeme-changeme-changeme-changeme-1", "placeholder")]
    [InlineData("my-super-secret-value-for-production-use", "placeholder")]
    [InlineData("abababababababababababababababababab", "placeholder")]
    public void A_short_or_placeholder_SECRET_KEY_is_refused_without_being_quoted(string secret, string reason)
    {
        foreach (var error in new[] { Refused(("SECRET_KEY", secret)), Refused(("SECRET_KEY", secret), ("DATABASE_URL", "postgresql://u@localhost/db")) })
        {
            Assert.Equal("SECRET_KEY", Variable(error));
            Assert.Contains(reason, error, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Production_mode_or_a_database_without_a_secret_is_refused()
    {
        Assert.Contains("production mode", Refused(("ASPNETCORE_ENVIRONMENT", "Production")), StringComparison.Ordinal);
        Assert.Contains("production mode", Refused(("DOTNET_ENVIRONMENT", "production")), StringComparison.Ordinal);
        Assert.Contains("DATABASE_URL", Refused(("DATABASE_URL", "postgresql://u@localhost/db")), StringComparison.Ordinal);
        using var development = Read(("ASPNETCORE_ENVIRONMENT", "Development"));
        Assert.False(development.Options<HostSettings>().IsProduction);
        Assert.Empty(development.Failures());
    }

    [Fact]
    public void A_key_file_is_read_without_its_trailing_newline_and_must_hold_32_bytes()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, GoodSecret + "\n");
            using (var settings = Read(("SECRET_KEY_FILE", file)))
            {
                Assert.Equal(System.Text.Encoding.UTF8.GetBytes(GoodSecret), settings.Options<CredentialsModuleOptions>().Secret);
            }
            File.WriteAllText(file, "0123456789\n");
            Assert.Contains("10 bytes", Refused(("SECRET_KEY_FILE", file)), StringComparison.Ordinal);
            Assert.Equal("SECRET_KEY_FILE", Variable(Refused(("SECRET_KEY_FILE", file), ("SECRET_KEY", GoodSecret))));
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal("SECRET_KEY_FILE", Variable(Refused(("SECRET_KEY_FILE", file + ".missing"))));
    }

    [Fact]
    public void Rate_limits_and_token_settings_are_read_and_checked()
    {
        using var settings = Read(("RATE_LIMIT_PER_MINUTE", "0"), ("PROVE_RATE_LIMIT_PER_MINUTE", "3"), ("RATE_LIMIT_BURST", "0"), ("JWT_ISSUER", "https://auth.example"), ("JWT_AUDIENCE", "hub"), ("NONCE_TTL_SECONDS", "60"));
        var security = settings.Options<SecurityModuleOptions>();
        Assert.Equal((0, 3, 0), (security.RateLimitPerMinute, security.ProveRateLimitPerMinute, security.RateLimitBurst));
        Assert.Equal(("https://auth.example", "hub"), (security.TokenIssuer, security.TokenAudience));
        Assert.Equal(TimeSpan.FromSeconds(60), settings.Options<ProofsModuleOptions>().NonceLifetime);
        Assert.Equal("RATE_LIMIT_PER_MINUTE", Variable(Refused(("RATE_LIMIT_PER_MINUTE", "-1"))));
        Assert.Equal("NONCE_TTL_SECONDS", Variable(Refused(("NONCE_TTL_SECONDS", "5"))));
        string pem = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pem, "not a key");
            Assert.Equal("JWT_PUBLIC_KEY_FILE", Variable(Refused(("JWT_PUBLIC_KEY_FILE", pem))));
            File.WriteAllText(pem, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
            Assert.Equal("JWT_PUBLIC_KEY_FILE not a PEM RSA or EC public key", Refused(("JWT_PUBLIC_KEY_FILE", pem), ("JWT_ISSUER", "https://auth.example")));
        }
        finally
        {
            File.Delete(pem);
        }
        Assert.Equal("JWT_PUBLIC_KEY_FILE cannot be read (FileNotFoundException)", Refused(("JWT_PUBLIC_KEY_FILE", pem)));
    }

    [Fact]
    public void Tracing_is_off_by_default_and_an_OTLP_endpoint_must_be_an_http_address()
    {
        using (var settings = Read())
        {
            Assert.Null(settings.Options<MonitoringModuleOptions>().OtlpEndpoint);
        }
        using (var settings = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")))
        {
            Assert.Equal("http://collector:4318", settings.Options<MonitoringModuleOptions>().OtlpEndpoint);
        }
        foreach (string bad in new[] { "collector:4317", "ftp://collector", "not a url" })
        {
            var refused = Refused(("OTEL_EXPORTER_OTLP_ENDPOINT", bad));
            Assert.Equal("OTEL_EXPORTER_OTLP_ENDPOINT", Variable(refused));
            Assert.Contains("http://", refused, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once_and_a_shared_one_once()
    {
        using var settings = Read(("MAX_CONCURRENT_PROOFS", "lots"), ("METRICS_ENABLED", "maybe"), ("DATABASE_URL", "mysql://db/hub"), ("SECRET_KEY", GoodSecret), ("LOG_LEVEL", "loud"));
        var failures = settings.Failures();
        Assert.Equal(4, failures.Count);
        Assert.Equal(["DATABASE_URL", "LOG_LEVEL", "MAX_CONCURRENT_PROOFS", "METRICS_ENABLED"], failures.Select(Variable).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Identity_provider_addresses_are_https_or_loopback_http_urls()
    {
        using (var settings = Read(("JWT_AUTHORITY", "https://login.example/tenant/")))
        {
            Assert.Equal(new Uri("https://login.example/tenant/"), settings.Options<SecurityModuleOptions>().TokenAuthority);
            Assert.Null(settings.Options<SecurityModuleOptions>().TokenJwksUrl);
        }
        using (var settings = Read(("JWT_JWKS_URL", "http://127.0.0.1:8081/jwks.json"), ("JWT_ISSUER", "https://auth.example")))
        {
            Assert.Equal(new Uri("http://127.0.0.1:8081/jwks.json"), settings.Options<SecurityModuleOptions>().TokenJwksUrl);
        }
        using (var settings = Read(("JWT_AUTHORITY", "http://localhost:9000/")))
        {
            Assert.Equal(new Uri("http://localhost:9000/"), settings.Options<SecurityModuleOptions>().TokenAuthority);
        }
        foreach (string bad in new[] { "http://login.example/", "login.example", "/jwks.json", "ftp://127.0.0.1/keys", "https://user:pw@login.example/" })
        {
            var refusal = Refused(("JWT_JWKS_URL", bad));
            Assert.Equal("JWT_JWKS_URL", Variable(refusal));
            Assert.Contains("https URL", refusal, StringComparison.Ordinal);
            Assert.DoesNotContain("pw@", refusal, StringComparison.Ordinal);
            Assert.Equal("JWT_AUTHORITY", Variable(Refused(("JWT_AUTHORITY", bad))));
        }
        Assert.Equal("JWT_JWKS_URL and JWT_AUTHORITY are both set: give one", Refused(("JWT_JWKS_URL", "https://login.example/jwks"), ("JWT_AUTHORITY", "https://login.example/")));
        Assert.StartsWith("JWT_JWKS_URL needs JWT_ISSUER", Refused(("JWT_JWKS_URL", "https://login.example/jwks")), StringComparison.Ordinal);
    }
}
