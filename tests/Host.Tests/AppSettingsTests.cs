using System.Net;

namespace CredentialHub.Host.Tests;

/// <summary>
/// The built binary reads its settings from appsettings.json in its working directory and from environment variables,
/// under the same names, the environment winning; a bad value from either stops it with exit code 2 and one
/// "configuration error" line per setting, never a stack trace.
/// </summary>
public sealed class AppSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appsettings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void AppSettings(string json) => File.WriteAllText(Path.Combine(_directory, "appsettings.json"), json);

    [Fact]
    public async Task Values_in_appsettings_json_are_used_and_environment_variables_override_them()
    {
        AppSettings("""{ "METRICS_ENABLED": false, "INSTANCE_NAME": "from-appsettings" }""");
        await using (var host = await HostProcess.StartAsync(workingDirectory: _directory))
        {
            using var metrics = await host.Http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        }
        await using (var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["METRICS_ENABLED"] = "true" }, workingDirectory: _directory))
        {
            using var metrics = await host.Http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        }
    }

    [Fact]
    public async Task A_bad_value_in_appsettings_json_is_refused_by_name_unless_an_environment_variable_overrides_it()
    {
        AppSettings("""{ "MAX_CONCURRENT_PROOFS": "abc", "DB_POOL_SIZE": 0 }""");
        var refused = await HostProcess.RunAsync([], workingDirectory: _directory);
        Assert.Equal(2, refused.ExitCode);
        var lines = Lines(refused.Stderr);
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, line => line.StartsWith("configuration error: DB_POOL_SIZE must be a whole number from 1 to 1000", StringComparison.Ordinal));
        Assert.Contains("configuration error: MAX_CONCURRENT_PROOFS must be a whole number from 1 to 256", lines);

        var overridden = await HostProcess.RunAsync([], [new("MAX_CONCURRENT_PROOFS", "4")], workingDirectory: _directory);
        Assert.Equal(2, overridden.ExitCode);
        Assert.StartsWith("configuration error: DB_POOL_SIZE must be a whole number from 1 to 1000", Assert.Single(Lines(overridden.Stderr)), StringComparison.Ordinal);

        // The keys command reads the same sources.
        var keys = await HostProcess.RunAsync(["keys", "list"], [new("DATABASE_URL", "postgresql://hub@127.0.0.1:1/hub")], workingDirectory: _directory);
        Assert.Equal(2, keys.ExitCode);
        Assert.Contains("configuration error: DB_POOL_SIZE", keys.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_setting_is_reported_at_once_without_a_stack_trace_or_a_secret()
    {
        var refused = await HostProcess.RunAsync([], [new("MAX_CONCURRENT_PROOFS", "abc"), new("DB_POOL_SIZE", "0"), new("SECRET_KEY", "short-k3y-Zq8v1"), new("METRICS_ENABLED", "maybe")]);
        Assert.Equal(2, refused.ExitCode);
        var lines = Lines(refused.Stderr);
        Assert.Equal(4, lines.Count);
        Assert.All(lines, line => Assert.StartsWith("configuration error: ", line, StringComparison.Ordinal));
        Assert.Equal(["DB_POOL_SIZE", "MAX_CONCURRENT_PROOFS", "METRICS_ENABLED", "SECRET_KEY"], lines.Select(l => l.Split(' ')[2]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("short-k3y", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", refused.Output, StringComparison.Ordinal);
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
