using System.Diagnostics;
using System.Reflection;
using Npgsql;

namespace CredentialHub.TestSupport;

/// <summary>
/// Runs the built host (src/Host/bin/&lt;configuration&gt;/net10.0/CredentialHub.Host.dll, with its plugins folder) as a
/// separate process, as operators do: <c>dotnet CredentialHub.Host.dll</c>, its configuration in environment variables,
/// never inherited from the test runner's. A server (<see cref="StartAsync"/>) listens on a free loopback port
/// (ASPNETCORE_URLS) and its standard output and error (JSON log lines) are captured; a command
/// (<see cref="RunAsync"/>: verify, prove, keys, …) runs to its end.
/// </summary>
public static class HostProcess
{
    /// <summary>Variables the host reads; never inherited from the test runner's environment, only set explicitly.</summary>
    private static readonly string[] HostVariables =
    [
        "DATABASE_URL", "REDIS_URL", "PROOF_CACHE_TTL", "MAX_CONCURRENT_PROOFS", "PROOF_QUEUE_CAPACITY", "PROOF_TIMEOUT_SECONDS",
        "PROOF_WAIT_SECONDS", "MAX_REQUEST_BYTES", "CIRCUIT_UPLOAD_MAX_BYTES", "CIRCUITS_DIR", "PTAU_DIR", "CEREMONY_CACHE_DIR", "CEREMONY_CHECK_TIMEOUT_SECONDS", "PLUGINS_DIR", "ASPNETCORE_URLS",
        "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "SECRET_KEY", "SECRET_KEY_FILE",
        "RATE_LIMIT_PER_MINUTE", "PROVE_RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_BURST", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_PUBLIC_KEY_FILE", "JWT_AUTHORITY", "JWT_JWKS_URL", "NONCE_TTL_SECONDS", "METRICS_ENABLED", "SHUTDOWN_DRAIN_SECONDS", "INSTANCE_NAME",
        "DB_POOL_SIZE", "PLUGINS_RELOAD", "TRUSTED_PROXIES", "PROVER_PROCESSES", "PROVER_MEMORY_LIMIT_MB", "LOG_LEVEL", "LOG_FORMAT",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
    ];

    /// <summary>Rate limits are off unless a test sets them (the suites drive hosts far faster than 60 requests a minute).</summary>
    private static readonly Dictionary<string, string> ServerDefaults = new()
    {
        ["RATE_LIMIT_PER_MINUTE"] = "0",
        ["PROVE_RATE_LIMIT_PER_MINUTE"] = "0",
    };

    /// <summary>The SECRET_KEY every server gets unless the test sets SECRET_KEY or SECRET_KEY_FILE itself (an empty value leaves it unset).</summary>
    public const string TestSecretKey = "integration-tests-k3y-0123456789abcdefXYZ";

    /// <summary>The build configuration of the host these tests run (Debug or Release): the one this assembly was built in.</summary>
    public static string Configuration { get; } = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "HostConfiguration").Value!;

    /// <summary>The host's build output, plugins/ included.</summary>
    public static string HostDirectory => Repository.Path("src", "Host", "bin", Configuration, "net10.0");

    public static string HostDll => Path.Combine(HostDirectory, "CredentialHub.Host.dll");

    /// <summary>The shipped circuits folder (circuits/ at the repository root).</summary>
    public static string CircuitsDirectory => Repository.Path("circuits");

    public static string SolvencyDirectory => Path.Combine(CircuitsDirectory, "solvency");

    /// <summary>The shipped powers-of-tau folder (circuits/ptau), which the bundled production circuits name their ptau in.</summary>
    public static string PtauDirectory => Path.Combine(CircuitsDirectory, "ptau");

    /// <summary>A file of the committed snarkjs vectors (tests/Groth16.Tests/vectors/&lt;circuit&gt;).</summary>
    public static string Vector(string circuit, string file) => Repository.Path("tests", "Groth16.Tests", "vectors", circuit, file);

    /// <summary>A postgresql:// URL (DATABASE_URL's documented form) for an Npgsql connection string.</summary>
    public static string DatabaseUrl(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        string user = string.IsNullOrEmpty(b.Username) ? "" : Uri.EscapeDataString(b.Username);
        string password = string.IsNullOrEmpty(b.Password) ? "" : ":" + Uri.EscapeDataString(b.Password);
        string credentials = user.Length > 0 ? $"{user}{password}@" : "";
        return $"postgresql://{credentials}{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database!)}";
    }

    /// <summary>
    /// The working directory of the hosts and commands these tests run unless a test gives its own: an empty folder of
    /// its own, so that no appsettings.json lying in the temporary folder configures them (the host reads
    /// appsettings.json from its working directory).
    /// </summary>
    public static string DefaultWorkingDirectory { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "credentialhub-tests-host")).FullName;

    /// <summary>
    /// Runs a command of the binary (<c>verify</c>, <c>prove</c>, <c>keys</c>, …; no arguments runs the service) to its end,
    /// with only these host variables set, in <paramref name="workingDirectory"/> (where it reads appsettings.json;
    /// <see cref="DefaultWorkingDirectory"/> when null); bounded by <paramref name="timeout"/> (2 minutes when null).
    /// </summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, IEnumerable<KeyValuePair<string, string>>? environment = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        RequireBuilt();
        return ExternalProcess.RunAsync("dotnet", [HostDll, .. arguments], workingDirectory ?? DefaultWorkingDirectory, HostEnvironment(environment ?? []), timeout: timeout);
    }

    /// <summary>
    /// Runs the binary's <c>keys</c> command with this DATABASE_URL (as an operator would) and returns its output:
    /// the exit code, standard output (the new key alone on its line) and standard error.
    /// </summary>
    public static Task<ProcessResult> KeysAsync(string databaseUrl, params string[] arguments) =>
        RunAsync(["keys", .. arguments], [new("DATABASE_URL", databaseUrl)], TimeSpan.FromSeconds(60));

    /// <summary>
    /// Starts a server with the shipped circuits (unless CIRCUITS_DIR is given), rate limits off and
    /// <see cref="TestSecretKey"/> (unless the test sets them), waits until /health/live answers and makes its
    /// <see cref="RunningHost.Http"/> send a key holding every scope. It runs in <paramref name="workingDirectory"/> (where it
    /// reads appsettings.json; <see cref="DefaultWorkingDirectory"/> when null).
    /// </summary>
    public static async Task<RunningHost> StartAsync(IReadOnlyDictionary<string, string>? environment = null, TimeSpan? startupTimeout = null, string? workingDirectory = null)
    {
        environment ??= new Dictionary<string, string>();
        RequireBuilt();
        Exception? last = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var host = Launch(environment, workingDirectory);
            try
            {
                await host.WaitUntilLiveAsync(startupTimeout ?? TimeSpan.FromSeconds(60));
                await host.AuthenticateAsync(environment.TryGetValue("DATABASE_URL", out string? url) ? url : null);
                return host;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                last = e;
                // Retry only what is not the host's fault: the port taken between choosing and binding it, or a
                // start-up cancelled by a signal from outside the run (other jobs on shared machines stop hosts by name).
                bool portTaken = host.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
                bool signalled = e.Message.Contains("SIGTERM/SIGINT", StringComparison.Ordinal);
                await host.DisposeAsync();
                if (!portTaken && !signalled)
                {
                    throw;
                }
            }
        }
        throw last!;
    }

    /// <summary>Starts a server that is expected to refuse to start; returns its exit code and output once it stops (bounded).</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        RequireBuilt();
        await using var host = Launch(environment, null);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await host.Process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the host was expected to stop and still runs after {timeout.TotalSeconds:0} s: {host.Tail()}");
        }
        host.Process.WaitForExit(); // drains the output readers
        return (host.Process.ExitCode, host.Output);
    }

    private static void RequireBuilt()
    {
        if (!File.Exists(HostDll))
        {
            throw new InvalidOperationException($"the host is not built: {HostDll} is missing (build the solution, or the test project, which builds src/Host)");
        }
    }

    /// <summary>Every host variable removed (a null value) and then these set.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> HostEnvironment(IEnumerable<KeyValuePair<string, string>> environment) =>
        HostVariables.Select(name => new KeyValuePair<string, string?>(name, null))
            .Concat(environment.Select(variable => new KeyValuePair<string, string?>(variable.Key, variable.Value)));

    private static RunningHost Launch(IReadOnlyDictionary<string, string> environment, string? workingDirectory)
    {
        int port = Loopback.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the repository: the host must find its circuits through CIRCUITS_DIR, not by walking up from here.
            WorkingDirectory = workingDirectory ?? DefaultWorkingDirectory,
        };
        start.ArgumentList.Add(HostDll);
        // The shipped powers of tau stay where production circuits copied elsewhere find them; the trusted-setup checks of the
        // same files are remembered across the hosts of a test run (and runs: they are keyed by the files' SHA-256s).
        var variables = new Dictionary<string, string>(ServerDefaults)
        {
            ["CIRCUITS_DIR"] = CircuitsDirectory,
            ["PTAU_DIR"] = PtauDirectory,
            ["CEREMONY_CACHE_DIR"] = Path.Combine(Path.GetTempPath(), "credentialhub-tests-ceremony-checks"),
        };
        if (!environment.ContainsKey("SECRET_KEY") && !environment.ContainsKey("SECRET_KEY_FILE"))
        {
            variables["SECRET_KEY"] = TestSecretKey;
        }
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }
        variables["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (name, value) in HostEnvironment(variables))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        return new RunningHost(process, new Uri($"http://127.0.0.1:{port}"));
    }
}
