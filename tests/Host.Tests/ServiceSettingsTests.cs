namespace CredentialHub.Host.Tests;

/// <summary>The security-relevant settings: SECRET_KEY / SECRET_KEY_FILE, production mode, rate limits and tokens.</summary>
public class ServiceSettingsTests
{
    private const string GoodSecret = "Zq8v1LrT4m9XbN2cY7pK0sWd3Fh6Gj5Ae";

    private static ServiceSettings Read(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return ServiceSettings.Read(name => map.TryGetValue(name, out var value) ? value : null);
    }

    private static ConfigurationException Refused(params (string Name, string Value)[] variables) =>
        Assert.Throws<ConfigurationException>(() => Read(variables));

    [Fact]
    public void Embedded_defaults_need_no_secret_and_limit_at_60_and_10_per_minute()
    {
        var settings = Read();
        Assert.Null(settings.Secret);
        Assert.False(settings.IsProduction);
        Assert.Equal((60, 10, 5), (settings.RateLimitPerMinute, settings.ProveRateLimitPerMinute, settings.RateLimitBurst));
        Assert.Null(settings.JwtIssuer);
        Assert.Equal("credentialhub", settings.JwtAudience);
    }

    [Fact]
    public void PLUGINS_RELOAD_is_off_unless_set_true_and_refused_when_not_a_boolean()
    {
        Assert.False(Read().PluginsReload);
        Assert.True(Read(("PLUGINS_RELOAD", "true")).PluginsReload);
        Assert.True(Read(("PLUGINS_RELOAD", "1")).PluginsReload);
        Assert.False(Read(("PLUGINS_RELOAD", "false")).PluginsReload);
        var error = Refused(("PLUGINS_RELOAD", "sometimes"));
        Assert.Equal("PLUGINS_RELOAD", error.Variable);
        Assert.Equal("PLUGINS_RELOAD must be true or false", error.Message);
    }

    [Fact]
    public void A_strong_SECRET_KEY_is_used_as_its_UTF8_bytes()
    {
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(GoodSecret), Read(("SECRET_KEY", GoodSecret), ("ASPNETCORE_ENVIRONMENT", "Production")).Secret);
    }

    [Theory]
    [InlineData("short-k3y-Zq8v1", "too short")]
    [InlineData("changeme-changeme-changeme-changeme-1", "placeholder")]
    [InlineData("my-super-secret-value-for-production-use", "placeholder")]
    [InlineData("abababababababababababababababababab", "placeholder")]
    public void A_short_or_placeholder_SECRET_KEY_is_refused_without_being_quoted(string secret, string reason)
    {
        var error = Refused(("SECRET_KEY", secret));
        Assert.Equal("SECRET_KEY", error.Variable);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_mode_or_a_database_without_a_secret_is_refused()
    {
        Assert.Contains("production mode", Refused(("ASPNETCORE_ENVIRONMENT", "Production")).Message, StringComparison.Ordinal);
        Assert.Contains("production mode", Refused(("DOTNET_ENVIRONMENT", "production")).Message, StringComparison.Ordinal);
        Assert.Contains("DATABASE_URL", Refused(("DATABASE_URL", "postgresql://u@localhost/db")).Message, StringComparison.Ordinal);
        Assert.False(Read(("ASPNETCORE_ENVIRONMENT", "Development")).IsProduction);
    }

    [Fact]
    public void A_key_file_is_read_without_its_trailing_newline_and_must_hold_32_bytes()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, GoodSecret + "\n");
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(GoodSecret), Read(("SECRET_KEY_FILE", file)).Secret);
            File.WriteAllText(file, "0123456789\n");
            Assert.Contains("10 bytes", Refused(("SECRET_KEY_FILE", file)).Message, StringComparison.Ordinal);
            Assert.Equal("SECRET_KEY_FILE", Refused(("SECRET_KEY_FILE", file), ("SECRET_KEY", GoodSecret)).Variable);
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Equal("SECRET_KEY_FILE", Refused(("SECRET_KEY_FILE", file + ".missing")).Variable);
    }

    [Fact]
    public void Rate_limits_and_token_settings_are_read_and_checked()
    {
        var settings = Read(("RATE_LIMIT_PER_MINUTE", "0"), ("PROVE_RATE_LIMIT_PER_MINUTE", "3"), ("RATE_LIMIT_BURST", "0"), ("JWT_ISSUER", "https://auth.example"), ("JWT_AUDIENCE", "hub"), ("NONCE_TTL_SECONDS", "60"));
        Assert.Equal((0, 3, 0), (settings.RateLimitPerMinute, settings.ProveRateLimitPerMinute, settings.RateLimitBurst));
        Assert.Equal(("https://auth.example", "hub"), (settings.JwtIssuer, settings.JwtAudience));
        Assert.Equal(TimeSpan.FromSeconds(60), settings.NonceLifetime);
        Assert.Equal("RATE_LIMIT_PER_MINUTE", Refused(("RATE_LIMIT_PER_MINUTE", "-1")).Variable);
        Assert.Equal("NONCE_TTL_SECONDS", Refused(("NONCE_TTL_SECONDS", "5")).Variable);
        string pem = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pem, "not a key");
            Assert.Equal("JWT_PUBLIC_KEY_FILE", Refused(("JWT_PUBLIC_KEY_FILE", pem)).Variable);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public void Tracing_is_off_by_default_and_an_OTLP_endpoint_must_be_an_http_address()
    {
        Assert.Null(Read().OtlpEndpoint);
        Assert.Equal("http://collector:4318", Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")).OtlpEndpoint);
        foreach (string bad in new[] { "collector:4317", "ftp://collector", "not a url" })
        {
            var refused = Refused(("OTEL_EXPORTER_OTLP_ENDPOINT", bad));
            Assert.Equal("OTEL_EXPORTER_OTLP_ENDPOINT", refused.Variable);
            Assert.Contains("http://", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Identity_provider_addresses_are_https_or_loopback_http_urls()
    {
        var settings = Read(("JWT_AUTHORITY", "https://login.example/tenant/"));
        Assert.Equal(new Uri("https://login.example/tenant/"), settings.JwtAuthority);
        Assert.Null(settings.JwtJwksUrl);
        Assert.Equal(new Uri("http://127.0.0.1:8081/jwks.json"), Read(("JWT_JWKS_URL", "http://127.0.0.1:8081/jwks.json"), ("JWT_ISSUER", "https://auth.example")).JwtJwksUrl);
        Assert.Equal(new Uri("http://localhost:9000/"), Read(("JWT_AUTHORITY", "http://localhost:9000/")).JwtAuthority);
        foreach (string bad in new[] { "http://login.example/", "login.example", "/jwks.json", "ftp://127.0.0.1/keys", "https://user:pw@login.example/" })
        {
            var refusal = Refused(("JWT_JWKS_URL", bad));
            Assert.Equal("JWT_JWKS_URL", refusal.Variable);
            Assert.Contains("https URL", refusal.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("pw@", refusal.Message, StringComparison.Ordinal);
            Assert.Equal("JWT_AUTHORITY", Refused(("JWT_AUTHORITY", bad)).Variable);
        }
    }
}
