using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CredentialHub.Monitoring.Tests;

/// <summary>
/// monitoring/ on its own (no running service): <c>promtool</c> accepts the alert rules and the example Prometheus
/// configuration and passes the rules' unit tests (monitoring/prometheus/alerts.test.yml), the Grafana dashboard is
/// well formed and every query in it is valid PromQL, and the dashboard and the alerts use only metrics the service
/// exposes (the list below). Host.Tests' MonitoringFilesTests checks the same names against a live <c>/metrics</c>.
/// </summary>
public partial class MonitoringConfigurationTests
{
    private static string PrometheusDirectory => Promtool.PrometheusDirectory;
    private static string DashboardPath => Repository.Path("monitoring", "grafana", "credentialhub-dashboard.json");
    private static string AlertsPath => Path.Combine(PrometheusDirectory, "alerts.yml");

    /// <summary>Every sample name the service exposes at /metrics, plus Prometheus' own <c>up</c>.</summary>
    private static readonly HashSet<string> Exposed = new(StringComparer.Ordinal)
    {
        "proof_generation_total",
        "proof_verification_total",
        "proof_queue_depth",
        "proof_workers_busy",
        "circuit_integrity_checks_total",
        "circuit_ceremony_checks_total",
        "rate_limit_hits_total",
        "circuit_proving_keys_resident",
        "circuit_proving_key_bytes",
        "circuit_out_of_service",
        "dotnet_process_cpu_time_seconds_total",
        "dotnet_process_memory_working_set_bytes",
        "dotnet_gc_collections_total",
        "dotnet_gc_heap_total_allocated_bytes_total",
        "dotnet_gc_pause_time_seconds_total",
        // The runtime's dotnet.thread_pool.thread.count is a gauge, and a gauge may not end in _count (Prometheus keeps
        // that suffix for histograms; promtool check metrics flags it): the exporter appends _value.
        "dotnet_thread_pool_thread_count_value",
        "dotnet_thread_pool_queue_length",
        "dotnet_thread_pool_work_item_count_total",
        "credentialhub_info",
        "up",
    };

    /// <summary>Histogram families: only their _bucket, _sum and _count series exist.</summary>
    private static readonly HashSet<string> Histograms = new(StringComparer.Ordinal)
    {
        "proof_generation_duration_seconds",
        "proof_verification_duration_seconds",
    };

    private static readonly HashSet<string> PromQlKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",
    };

    private static void AssertPromtoolAccepts(params string[] arguments)
    {
        var (exitCode, output) = Promtool.Run(null, arguments);
        Assert.True(exitCode == 0, $"promtool {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
    }

    [Fact]
    public void Promtool_accepts_the_alert_rules() => AssertPromtoolAccepts("check", "rules", AlertsPath);

    [Fact]
    public void Promtool_accepts_the_example_configuration() =>
        AssertPromtoolAccepts("check", "config", Path.Combine(PrometheusDirectory, "prometheus.yml"));

    [Fact]
    public void The_alert_rules_pass_their_unit_tests()
    {
        string tests = File.ReadAllText(Path.Combine(PrometheusDirectory, "alerts.test.yml"));
        foreach (string alert in new[] { "CredentialHubInstanceDown", "CredentialHubIntegrityCheckFailed", "CredentialHubProofFailureRatioHigh", "CredentialHubCircuitOutOfService" })
        {
            Assert.Contains($"alertname: {alert}", tests);
        }
        AssertPromtoolAccepts("test", "rules", Path.Combine(PrometheusDirectory, "alerts.test.yml"));
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_description()
    {
        string alerts = File.ReadAllText(AlertsPath);
        Assert.Matches(@"(?m)^\s*-\s*name:\s*credentialhub\s*$", alerts);
        var rules = Regex.Split(alerts, @"(?m)^(?=\s*-\s*alert:)").Where(block => Regex.IsMatch(block, @"^\s*-\s*alert:")).ToList();
        var names = rules.Select(block => Regex.Match(block, @"alert:\s*(\S+)").Groups[1].Value).ToList();
        foreach (string expected in new[]
        {
            "CredentialHubInstanceDown", "CredentialHubProofFailureRatioHigh", "CredentialHubProofLatencyHigh", "CredentialHubQueueSaturated",
            "CredentialHubIntegrityCheckFailed", "CredentialHubRateLimitRefusalsHigh", "CredentialHubMemoryHigh", "CredentialHubCircuitOutOfService",
        })
        {
            Assert.Contains(expected, names);
        }
        foreach (string rule in rules)
        {
            string name = Regex.Match(rule, @"alert:\s*(\S+)").Groups[1].Value;
            Assert.True(Regex.IsMatch(rule, @"(?m)^\s*severity:\s*(critical|warning|info)\s*$"), $"{name} has no severity label");
            Assert.True(Regex.IsMatch(rule, @"(?m)^\s*summary:\s*\S"), $"{name} has no summary");
            Assert.True(Regex.IsMatch(rule, @"(?m)^\s*description:\s*\S"), $"{name} has no description");
            Assert.True(rule.Contains("$labels", StringComparison.Ordinal) || rule.Contains("$value", StringComparison.Ordinal), $"{name}'s annotations use neither $labels nor $value");
        }
    }

    [Fact]
    public void The_dashboard_is_well_formed()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        var root = dashboard.RootElement;
        Assert.Equal(39, root.GetProperty("schemaVersion").GetInt32());
        Assert.Contains(root.GetProperty("__inputs").EnumerateArray(), input =>
            input.GetProperty("name").GetString() == "DS_PROMETHEUS" && input.GetProperty("pluginId").GetString() == "prometheus");
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        Assert.Contains(variables, v => v.GetProperty("type").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus");
        var circuit = Assert.Single(variables, v => v.GetProperty("name").GetString() == "circuit");
        Assert.Equal("label_values(proof_generation_total, circuit)", VariableQuery(circuit));

        var panels = Panels(root).ToList();
        Assert.True(panels.Count >= 10, $"only {panels.Count} panels");
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels)
        {
            string title = panel.GetProperty("title").GetString()!;
            Assert.True(panel.TryGetProperty("datasource", out var datasource), $"panel '{title}' has no data source");
            Assert.Equal("prometheus", datasource.GetProperty("type").GetString());
            Assert.Equal("${DS_PROMETHEUS}", datasource.GetProperty("uid").GetString());
            Assert.True(panel.TryGetProperty("targets", out var targets) && targets.GetArrayLength() > 0, $"panel '{title}' has no query");
            foreach (var target in targets.EnumerateArray())
            {
                Assert.True(target.TryGetProperty("expr", out var expr) && !string.IsNullOrWhiteSpace(expr.GetString()), $"panel '{title}' has an empty query");
            }
        }
    }

    [Fact]
    public void Every_dashboard_query_is_valid_PromQL()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
        // promtool parses every rule's expression: one recording rule per query, Grafana's variables replaced by what
        // Grafana would put there.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        foreach (var panel in Panels(dashboard.RootElement))
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                string expr = SubstituteGrafanaVariables(target.GetProperty("expr").GetString()!);
                rules.Append($"      - record: dashboard:panel_{panel.GetProperty("id").GetInt32()}:{target.GetProperty("refId").GetString()}\n");
                // A JSON string is a YAML double-quoted scalar.
                rules.Append($"        expr: {JsonSerializer.Serialize(expr)}\n");
            }
        }
        string directory = Directory.CreateTempSubdirectory("credentialhub-dashboard-").FullName;
        try
        {
            string file = Path.Combine(directory, "dashboard-queries.yml");
            File.WriteAllText(file, rules.ToString());
            var (exitCode, output) = Promtool.Run(null, "check", "rules", file);
            Assert.True(exitCode == 0, $"promtool rejects a dashboard query:\n{output}\n{rules}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_dashboard_and_the_alerts_use_only_metrics_the_service_exposes()
    {
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        void Use(string where, string expr)
        {
            foreach (string name in MetricNames(expr))
            {
                used.TryAdd(name, where);
            }
        }

        using (var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath)))
        {
            foreach (var panel in Panels(dashboard.RootElement))
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    Use($"panel '{panel.GetProperty("title").GetString()}'", target.GetProperty("expr").GetString()!);
                }
            }
            foreach (var variable in dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
            {
                if (variable.GetProperty("type").GetString() == "query")
                {
                    var selector = LabelValuesSelector().Match(VariableQuery(variable));
                    Assert.True(selector.Success, $"variable {variable.GetProperty("name").GetString()}: not a label_values(metric, label) query");
                    Use($"variable {variable.GetProperty("name").GetString()}", selector.Groups[1].Value);
                }
            }
        }
        var alertExpressions = AlertExpressions(File.ReadAllText(AlertsPath)).ToList();
        Assert.True(alertExpressions.Count >= 7, $"only {alertExpressions.Count} alert expressions found");
        foreach (string expr in alertExpressions)
        {
            Use("alerts.yml", expr);
        }

        var unknown = used.Where(u => !IsExposed(u.Key)).Select(u => $"{u.Key} ({u.Value})").ToList();
        Assert.True(unknown.Count == 0, $"not metrics the service exposes: {string.Join(", ", unknown)}");
        // The dashboard shows what the brief asked for.
        foreach (string name in new[]
        {
            "proof_generation_total", "proof_verification_total", "proof_generation_duration_seconds_bucket", "proof_verification_duration_seconds_bucket",
            "proof_queue_depth", "proof_workers_busy", "rate_limit_hits_total", "circuit_integrity_checks_total", "dotnet_process_memory_working_set_bytes",
            "dotnet_process_cpu_time_seconds_total", "dotnet_gc_collections_total", "dotnet_thread_pool_thread_count_value", "up",
        })
        {
            Assert.True(used.ContainsKey(name), $"nothing uses {name}");
        }
    }

    [Theory]
    [InlineData("check", "rules", "alerts.yml")]
    [InlineData("test", "rules", "alerts.test.yml")]
    [InlineData("check", "config", "prometheus.yml")]
    public void Promtool_accepts_the_rules_their_tests_and_the_configuration(string verb, string what, string file)
    {
        var (exitCode, output) = Promtool.Run("", verb, what, file);
        Assert.True(exitCode == 0, $"promtool {verb} {what} {file} exited {exitCode}:\n{output}");
    }

    [Fact]
    public void Every_dashboard_panel_has_a_data_source_and_queries()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(DashboardPath));
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

    [Theory]
    [InlineData("histogram_quantile(0.95, sum by (circuit, le) (rate(proof_generation_duration_seconds_bucket{circuit=~\"$circuit\", stage=\"total\"}[$__rate_interval])))", "proof_generation_duration_seconds_bucket")]
    [InlineData("sum(rate(a_total{status!~\"success|invalid-input\"}[10m])) by (circuit) / on (circuit) group_left sum without (x) (b) > bool 0.05", "a_total b")]
    [InlineData("dotnet_process_memory_working_set_bytes > 2 * 1024 * 1024 * 1024 offset 5m", "dotnet_process_memory_working_set_bytes")]
    [InlineData("up{job=\"credentialhub\"} == 0 # down\nor vector(1e3) and Inf", "up")]
    public void Metric_names_are_read_out_of_PromQL(string expr, string names) =>
        Assert.Equal(names.Split(' '), MetricNames(expr).Distinct().ToArray());

    private static bool IsExposed(string name)
    {
        if (Exposed.Contains(name))
        {
            return true;
        }
        var histogramSeries = Regex.Match(name, "^(.+)_(bucket|sum|count)$");
        return histogramSeries.Success && Histograms.Contains(histogramSeries.Groups[1].Value);
    }

    /// <summary>Every panel, those inside rows included.</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels))
        {
            yield break;
        }
        foreach (var panel in panels.EnumerateArray())
        {
            if (panel.TryGetProperty("type", out var type) && type.GetString() == "row")
            {
                foreach (var nested in Panels(panel))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return panel;
            }
        }
    }

    /// <summary>A query variable's query: a string, or (newer Grafana) an object with a <c>query</c>.</summary>
    private static string VariableQuery(JsonElement variable)
    {
        var query = variable.GetProperty("query");
        return query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
    }

    /// <summary>Grafana's interval variables become a duration; every other variable a regular expression.</summary>
    private static string SubstituteGrafanaVariables(string expr)
    {
        string intervals = Regex.Replace(expr, @"\$\{?__(rate_interval|interval|range)(_ms|_s)?\}?", "5m");
        return Regex.Replace(intervals, @"\$\{\w+(:\w+)?\}|\$\w+|\[\[\w+\]\]", ".*");
    }

    /// <summary>
    /// The metric names in a PromQL expression: identifiers outside strings, label matchers, ranges and grouping
    /// clauses that are neither keywords nor followed by "(" (functions and aggregations).
    /// </summary>
    private static IEnumerable<string> MetricNames(string expr)
    {
        string text = Regex.Replace(expr, "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", "\"\"");
        text = Regex.Replace(text, "#[^\n]*", "");
        text = Regex.Replace(text, @"\{[^}]*\}", " ");
        text = Regex.Replace(text, @"\[[^\]]*\]", " ");
        text = Regex.Replace(text, @"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ");
        foreach (Match m in Regex.Matches(text, @"(?<![\w.:])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()"))
        {
            string name = m.Groups[1].Value;
            if (!PromQlKeywords.Contains(name))
            {
                yield return name;
            }
        }
    }

    /// <summary>The <c>expr</c> of every rule in a rules file: plain or quoted on one line, or a block scalar.</summary>
    private static IEnumerable<string> AlertExpressions(string yaml)
    {
        string[] lines = yaml.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var key = Regex.Match(lines[i], @"^(\s*)(?:-\s*)?expr:\s*(.*)$");
            if (!key.Success)
            {
                continue;
            }
            int indent = key.Groups[1].Value.Length;
            string value = key.Groups[2].Value.Trim();
            if (Regex.IsMatch(value, @"^[|>][+-]?\d*(\s+#.*)?$"))
            {
                var block = new StringBuilder();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
                {
                    block.Append(lines[++i].Trim()).Append('\n');
                }
                yield return block.ToString();
            }
            else if (value.StartsWith('"'))
            {
                yield return JsonSerializer.Deserialize<string>(Regex.Match(value, "^\"(?:[^\"\\\\]|\\\\.)*\"").Value)!;
            }
            else if (value.StartsWith('\''))
            {
                yield return Regex.Match(value, "^'((?:[^']|'')*)'").Groups[1].Value.Replace("''", "'");
            }
            else
            {
                yield return Regex.Replace(value, @"\s+#.*$", "");
            }
        }
    }

    [GeneratedRegex(@"^\s*label_values\(\s*(.+?)\s*,\s*\w+\s*\)\s*$")]
    private static partial Regex LabelValuesSelector();
}
