namespace CredentialHub.TestSupport;

/// <summary><c>promtool</c> (Debian's prometheus package), which checks Prometheus rules, configurations and expositions.</summary>
public static class Promtool
{
    private const string InstallHint = "install Debian's prometheus package (apt-get install -y prometheus)";

    /// <summary>The example Prometheus configuration and alert rules (monitoring/prometheus), where promtool runs.</summary>
    public static string PrometheusDirectory => Repository.Path("monitoring", "prometheus");

    /// <summary>Runs promtool in <see cref="PrometheusDirectory"/> (60 s at most), <paramref name="standardInput"/> on its input when given.</summary>
    public static Task<ProcessResult> RunAsync(string? standardInput, params string[] arguments) =>
        ExternalProcess.RunAsync("promtool", arguments, PrometheusDirectory, standardInput: standardInput, timeout: TimeSpan.FromSeconds(60), installHint: InstallHint);

    /// <inheritdoc cref="RunAsync"/>
    public static ProcessResult Run(string? standardInput, params string[] arguments) =>
        ExternalProcess.Wait(() => RunAsync(standardInput, arguments));
}
