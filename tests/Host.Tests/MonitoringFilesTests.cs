using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CredentialHub.Host.Tests;

/// <summary>
/// monitoring/: the alert rules and the example Prometheus configuration pass <c>promtool</c> (and the rules' unit
/// tests), the Grafana dashboard is well formed, and every metric they use is one the service exposes: checked
/// against a live host's <c>/metrics</c> after a proof and a verification, which <c>promtool check metrics</c> accepts.
/// </summary>
public partial class MonitoringFilesTests
{
    private static string Monitoring => Path.Combine(HostProcess.RepositoryRoot, "monitoring");

    /// <summary>Series that exist only after their first event in a run (a rate-limit refusal).</summary>
    private static readonly HashSet<string> AfterFirstEvent = ["rate_limit_hits_total"];

    /// <summary>Not the service's: Prometheus' own.</summary>
    private static readonly HashSet<string> FromPrometheus = ["up"];

    private static (int ExitCode, string Output) Promtool(string stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = Path.Combine(Monitoring, "prometheus") };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new Xunit.Sdk.XunitException("promtool is missing: install Debian's prometheus package (apt-get install -y prometheus)");
        }
        using (process)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(60_000), "promtool did not finish within 60 s");
            return (process.ExitCode, output.Result + error.Result);
        }
    }

    [Theory]
    [InlineData("check", "rules", "alerts.yml")]
    [InlineData("test", "rules", "alerts.test.yml")]
    [InlineData("check", "config", "prometheus.yml")]
    public void Promtool_accepts_the_rules_their_tests_and_the_configuration(string verb, string what, string file)
    {
        var (exitCode, output) = Promtool("", verb, what, file);
        Assert.True(exitCode == 0, $"promtool {verb} {what} {file} exited {exitCode}:\n{output}");
    }

    [Fact]
    public void Every_dashboard_panel_has_a_data_source_and_queries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Monitoring, "grafana", "credentialhub-dashboard.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        Assert.True(panels.Count >= 10, $"only {panels.Count} panels");
        foreach (var panel in panels)
        {
            string title = panel.GetProperty("title").GetString()!;
            Assert.Equal("prometheus", panel.GetProperty("datasource").GetProperty("type").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"panel '{title}' has no query");
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), $"panel '{title}' has an empty query"));
        }
    }

    [Fact]
    public async Task Every_metric_the_dashboard_and_alerts_use_is_exposed_and_promtool_accepts_the_exposition()
    {
        await using var server = await HostProcess.StartServerAsync(new Dictionary<string, string> { ["RATE_LIMIT_PER_MINUTE"] = "0", ["PROVE_RATE_LIMIT_PER_MINUTE"] = "0" });
        using var http = new HttpClient { BaseAddress = server.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-API-Key", server.AdminKey);
        string inputs = File.ReadAllText(Path.Combine(HostProcess.RepositoryRoot, "circuits", "solvency", "example-input.json"));
        using var proved = await http.PostAsync("/proofs/generate", new StringContent($$"""{"circuit_id":"solvency","inputs":{{inputs}}}""", Encoding.UTF8, "application/json"));
        string job = await proved.Content.ReadAsStringAsync();
        Assert.True(proved.StatusCode == HttpStatusCode.OK, $"generate: {(int)proved.StatusCode} {job}");
        using var proof = JsonDocument.Parse(job);
        string verify = $$"""{"circuit_id":"solvency","proof":{{proof.RootElement.GetProperty("proof").GetRawText()}},"public_signals":{{proof.RootElement.GetProperty("public_signals").GetRawText()}}}""";
        using var verified = await http.PostAsync("/proofs/verify", new StringContent(verify, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);

        string exposition = await http.GetStringAsync("/metrics");
        var (exitCode, output) = Promtool(exposition, "check", "metrics");
        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
        var exposed = TypeLine().Matches(exposition).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var used = new SortedSet<string>(StringComparer.Ordinal);
        using (var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Monitoring, "grafana", "credentialhub-dashboard.json"))))
        {
            foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    used.UnionWith(MetricNames(target.GetProperty("expr").GetString()!));
                }
            }
        }
        foreach (Match expr in AlertExpression().Matches(File.ReadAllText(Path.Combine(Monitoring, "prometheus", "alerts.yml"))))
        {
            used.UnionWith(MetricNames(expr.Groups[1].Value));
        }
        var missing = used.Where(name => !FromPrometheus.Contains(name) && !AfterFirstEvent.Contains(name) && !exposed.Contains(Family(name))).ToList();
        Assert.True(missing.Count == 0, $"used by the dashboard or the alerts but not exposed: {string.Join(", ", missing)}\nexposed: {string.Join(", ", exposed.Order())}");
        Assert.Contains("proof_generation_total", used);
        Assert.Contains("proof_generation_duration_seconds_bucket", used);
    }

    /// <summary>The metric names in a PromQL expression: identifiers not followed by "(" that are not keywords, labels or functions.</summary>
    private static IEnumerable<string> MetricNames(string expr)
    {
        string withoutStrings = Regex.Replace(expr, "\"[^\"]*\"", "\"\"");
        string withoutLabels = Regex.Replace(withoutStrings, @"\{[^}]*\}", "");
        string withoutGroupings = Regex.Replace(withoutLabels, @"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", "");
        string withoutRanges = Regex.Replace(withoutGroupings, @"\[[^\]]*\]", "");
        foreach (Match m in Regex.Matches(withoutRanges, @"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()"))
        {
            string name = m.Groups[1].Value;
            if (name is "and" or "or" or "unless" or "bool" or "offset" or "le" || name.StartsWith("__", StringComparison.Ordinal) || char.IsDigit(name[0]))
            {
                continue;
            }
            yield return name;
        }
    }

    /// <summary>The family a sample name belongs to (histogram series drop _bucket, _sum, _count).</summary>
    private static string Family(string name) =>
        Regex.Replace(name, "_(bucket|sum|count)$", "") is var stem && name != stem && stem.EndsWith("_seconds", StringComparison.Ordinal) ? stem : name;

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"expr:\s*(?:\|\s*\n((?:\s{10,}.*\n)+)|(.*))")]
    private static partial Regex AlertExpression();
}
