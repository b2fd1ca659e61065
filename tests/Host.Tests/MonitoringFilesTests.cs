using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CredentialHub.Host.Tests;

/// <summary>
/// monitoring/ against the built host: every metric the Grafana dashboard and the alert rules use is one the service
/// exposes, checked against a live host's <c>/metrics</c> after a proof and a verification, which
/// <c>promtool check metrics</c> accepts. Monitoring.Tests checks the files on their own.
/// </summary>
public partial class MonitoringFilesTests
{
    private static string Monitoring => Repository.Path("monitoring");

    /// <summary>Series that exist only after their first event in a run (a rate-limit refusal).</summary>
    private static readonly HashSet<string> AfterFirstEvent = ["rate_limit_hits_total"];

    /// <summary>Not the service's: Prometheus' own.</summary>
    private static readonly HashSet<string> FromPrometheus = ["up"];

    [Fact]
    public async Task Every_metric_the_dashboard_and_alerts_use_is_exposed_and_promtool_accepts_the_exposition()
    {
        // Metrics are the subject, not deadlines: on a loaded machine (other test hosts proving at the same time) a proof
        // may take longer than the default 10 s.
        await using var server = await HostProcess.StartAsync(new Dictionary<string, string> { ["RATE_LIMIT_PER_MINUTE"] = "0", ["PROVE_RATE_LIMIT_PER_MINUTE"] = "0", ["PROOF_TIMEOUT_SECONDS"] = "120" });
        var http = server.Http;
        string inputs = File.ReadAllText(Path.Combine(HostProcess.SolvencyDirectory, "example-input.json"));
        using var proved = await http.PostAsync("/proofs/generate", new StringContent($$"""{"circuit_id":"solvency","inputs":{{inputs}}}""", Encoding.UTF8, "application/json"));
        string job = await proved.Content.ReadAsStringAsync();
        Assert.True(proved.StatusCode == HttpStatusCode.OK, $"generate: {(int)proved.StatusCode} {job}");
        using var proof = JsonDocument.Parse(job);
        string verify = $$"""{"circuit_id":"solvency","proof":{{proof.RootElement.GetProperty("proof").GetRawText()}},"public_signals":{{proof.RootElement.GetProperty("public_signals").GetRawText()}}}""";
        using var verified = await http.PostAsync("/proofs/verify", new StringContent(verify, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);

        string exposition = await http.GetStringAsync("/metrics");
        var (exitCode, output) = Promtool.Run(exposition, "check", "metrics");
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
