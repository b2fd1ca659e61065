using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CredentialHub.Host.Tests;

/// <summary>
/// LOG_FORMAT: one readable line per event unless in production (JSON lines there, or wherever LOG_FORMAT=json); the
/// admin key on a line of its own; a value with control characters cannot start a line of its own in the text log.
/// </summary>
public sealed partial class LogFormatTests
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|WARN|FAIL|CRIT) [A-Za-z0-9_.]+: ")]
    private static partial Regex TextLine();

    [Fact]
    public async Task Outside_production_the_log_is_one_readable_line_per_event_and_the_admin_key_stands_apart()
    {
        await using var host = await HostProcess.StartAsync();
        await ReadyAsync(host);
        var lines = host.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int key = lines.FindIndex(l => l.StartsWith("admin API key", StringComparison.Ordinal));
        Assert.True(key > 0, host.Output);
        Assert.Matches(@"^admin API key \(.*\): chk_[A-Za-z0-9_-]+$", lines[key]);
        Assert.Equal("", lines[key - 1]);
        Assert.StartsWith("send it as the X-API-Key header", lines[key + 1], StringComparison.Ordinal);
        Assert.Equal("", lines[key + 2]);
        var events = lines.Where((l, i) => l.Length > 0 && (i < key - 1 || i > key + 2)).ToList();
        Assert.NotEmpty(events);
        Assert.All(events, line => Assert.Matches(TextLine(), line));
        Assert.Contains(events, l => l.Contains(" info CredentialHub.Host: CredentialHub ready on http://127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(events, l => l.Contains("circuit(s) loaded and warmed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Production", null)]
    [InlineData(null, "JSON")]
    public async Task In_production_or_with_LOG_FORMAT_json_each_event_is_a_JSON_object(string? environment, string? format)
    {
        var settings = new Dictionary<string, string> { ["SECRET_KEY"] = "Zq8vN3xLp0Ww7Rt2Yb5Kc9Hs4Jd6Mf1G" };
        if (environment is not null)
        {
            settings["ASPNETCORE_ENVIRONMENT"] = environment;
        }
        if (format is not null)
        {
            settings["LOG_FORMAT"] = format;
        }
        await using var host = await HostProcess.StartAsync(settings);
        await ReadyAsync(host);
        var events = host.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith("admin API key", StringComparison.Ordinal) && !l.StartsWith("send it as", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(events);
        foreach (string line in events)
        {
            using var document = JsonDocument.Parse(line);
            Assert.True(document.RootElement.TryGetProperty("Message", out _), line);
        }
        Assert.Contains(events, l => l.Contains("CredentialHub ready on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_LOG_FORMAT_is_refused_by_name()
    {
        var refused = await HostProcess.RunAsync([], new Dictionary<string, string> { ["LOG_FORMAT"] = "xml" });
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("LOG_FORMAT", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_in_a_message_are_escaped_and_an_exception_follows_indented()
    {
        var formatter = new TextLogFormatter(new FixedOptions(new ConsoleFormatterOptions { TimestampFormat = "HH:mm" }));
        var writer = new StringWriter();
        var exception = new InvalidOperationException("bad\nthing");
        formatter.Write(new LogEntry<string>(LogLevel.Warning, "Test.Category", new EventId(1), "id=a\nFORGED info x: y\u001b[2J\r", exception, (s, _) => s), null, writer);
        string[] lines = writer.ToString().Split('\n');
        Assert.Matches(@"^\d\d:\d\d WARN Test\.Category: id=a\\nFORGED info x: y\\u001b\[2J\\r$", lines[0]);
        Assert.All(lines.Skip(1).Where(l => l.Length > 0), l => Assert.StartsWith("    ", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("System.InvalidOperationException: bad", StringComparison.Ordinal));

        writer = new StringWriter();
        new TextLogFormatter(new FixedOptions(new ConsoleFormatterOptions())).Write(new LogEntry<string>(LogLevel.Information, "C", default, "m", null, (s, _) => s), null, writer);
        Assert.Equal("info C: m\n", writer.ToString());
    }

    /// <summary>The "ready" line comes after the service's own first requests, once it listens.</summary>
    private static async Task ReadyAsync(RunningHost host)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!host.Output.Contains("CredentialHub ready on", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no ready line within 60 s: {host.Tail()}");
            await Task.Delay(100);
        }
    }

    private sealed class FixedOptions(ConsoleFormatterOptions value) : IOptionsMonitor<ConsoleFormatterOptions>
    {
        public ConsoleFormatterOptions CurrentValue => value;

        public ConsoleFormatterOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConsoleFormatterOptions, string?> listener) => null;
    }
}
