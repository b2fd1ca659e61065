using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Npgsql;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>
/// Runs the built host (src/Host/bin/&lt;configuration&gt;/net10.0/CredentialHub.Host.dll) as a separate process, as
/// operators do: <c>dotnet CredentialHub.Host.dll</c> with ASPNETCORE_URLS on a free loopback port and the
/// configuration in environment variables. Standard output and error (JSON log lines) are captured.
/// </summary>
internal static class HostProcess
{
    /// <summary>Variables the host reads; never inherited from the test runner's environment, only set explicitly.</summary>
    private static readonly string[] HostVariables =
    [
        "DATABASE_URL", "REDIS_URL", "PROOF_CACHE_TTL", "MAX_CONCURRENT_PROOFS", "PROOF_QUEUE_CAPACITY", "PROOF_TIMEOUT_SECONDS",
        "PROOF_WAIT_SECONDS", "MAX_REQUEST_BYTES", "CIRCUIT_UPLOAD_MAX_BYTES", "CIRCUITS_DIR", "PLUGINS_DIR", "ASPNETCORE_URLS",
        "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "SECRET_KEY", "SECRET_KEY_FILE",
        "RATE_LIMIT_PER_MINUTE", "PROVE_RATE_LIMIT_PER_MINUTE", "RATE_LIMIT_BURST", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_PUBLIC_KEY_FILE", "NONCE_TTL_SECONDS", "METRICS_ENABLED", "SHUTDOWN_DRAIN_SECONDS", "INSTANCE_NAME",
        "DB_POOL_SIZE",
    ];

    /// <summary>Rate limits are off unless a test sets them (the suite drives hosts far faster than 60 requests a minute).</summary>
    private static readonly Dictionary<string, string> Defaults = new()
    {
        ["RATE_LIMIT_PER_MINUTE"] = "0",
        ["PROVE_RATE_LIMIT_PER_MINUTE"] = "0",
    };

    /// <summary>The SECRET_KEY every host gets unless the test sets SECRET_KEY or SECRET_KEY_FILE itself (an empty value leaves it unset).</summary>
    internal const string TestSecretKey = "integration-tests-k3y-0123456789abcdefXYZ";

    internal static string RepositoryRoot { get; } = FindRoot();

    internal static string Configuration { get; } = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "HostConfiguration").Value!;

    internal static string HostDll => Path.Combine(RepositoryRoot, "src", "Host", "bin", Configuration, "net10.0", "CredentialHub.Host.dll");

    /// <summary>The shipped circuits folder (circuits/ at the repository root).</summary>
    internal static string CircuitsDirectory => Path.Combine(RepositoryRoot, "circuits");

    internal static string SolvencyDirectory => Path.Combine(CircuitsDirectory, "solvency");

    /// <summary>A postgresql:// URL (DATABASE_URL's documented form) for an Npgsql connection string.</summary>
    internal static string DatabaseUrl(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        string user = string.IsNullOrEmpty(b.Username) ? "" : Uri.EscapeDataString(b.Username);
        string password = string.IsNullOrEmpty(b.Password) ? "" : ":" + Uri.EscapeDataString(b.Password);
        string credentials = user.Length > 0 ? $"{user}{password}@" : "";
        return $"postgresql://{credentials}{b.Host}:{b.Port}/{Uri.EscapeDataString(b.Database!)}";
    }

    /// <summary>
    /// Starts a host with the shipped circuits (unless CIRCUITS_DIR is given) and waits until /health/live answers.
    /// </summary>
    internal static async Task<RunningHost> StartAsync(IReadOnlyDictionary<string, string> environment, TimeSpan? startupTimeout = null)
    {
        if (!File.Exists(HostDll))
        {
            throw new InvalidOperationException($"the host is not built: {HostDll} is missing (build tests/Integration.Tests, which builds src/Host)");
        }
        Exception? last = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            var host = Launch(environment);
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

    /// <summary>Starts a host that is expected to refuse to start; returns its exit code and output once it stops (bounded).</summary>
    internal static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        await using var host = Launch(environment);
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

    /// <summary>
    /// Runs the binary's <c>keys</c> command with this DATABASE_URL (as an operator would) and returns its output:
    /// the exit code, standard output (the new key alone on its line) and standard error.
    /// </summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> KeysAsync(string databaseUrl, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(HostDll);
        start.ArgumentList.Add("keys");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (string name in HostVariables)
        {
            start.Environment.Remove(name);
        }
        start.Environment["DATABASE_URL"] = databaseUrl;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static RunningHost Launch(IReadOnlyDictionary<string, string> environment)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the repository: the host must find its circuits through CIRCUITS_DIR, not by walking up from here.
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(HostDll);
        foreach (string name in HostVariables)
        {
            start.Environment.Remove(name);
        }
        start.Environment["CIRCUITS_DIR"] = CircuitsDirectory;
        foreach (var (name, value) in Defaults)
        {
            start.Environment[name] = value;
        }
        if (!environment.ContainsKey("SECRET_KEY") && !environment.ContainsKey("SECRET_KEY_FILE"))
        {
            start.Environment["SECRET_KEY"] = TestSecretKey;
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        return new RunningHost(process, new Uri($"http://127.0.0.1:{port}"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CredentialHub.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("CredentialHub.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A running host process: its address, an <see cref="HttpClient"/> for it, and its captured output.</summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    internal RunningHost(Process process, Uri address)
    {
        Process = process;
        Address = address;
        Http = new HttpClient(new HostStateHandler(this)) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    internal Process Process { get; }

    internal Uri Address { get; }

    /// <summary>60 s timeout per request (a generate request may wait up to PROOF_WAIT_SECONDS); sends <see cref="ApiKey"/>.</summary>
    internal HttpClient Http { get; }

    /// <summary>A key holding every scope: the admin key the host printed (embedded mode), or one made with <c>keys create</c> (database).</summary>
    internal string? ApiKey { get; private set; }

    /// <summary>Obtains <see cref="ApiKey"/> and makes <see cref="Http"/> send it.</summary>
    internal async Task AuthenticateAsync(string? databaseUrl)
    {
        if (databaseUrl is null)
        {
            var clock = Stopwatch.StartNew();
            while (ApiKey is null && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                var line = Output.Split('\n').FirstOrDefault(l => l.StartsWith("admin API key", StringComparison.Ordinal));
                ApiKey = line?[(line.LastIndexOf(' ') + 1)..].Trim();
                if (ApiKey is null)
                {
                    await Task.Delay(50);
                }
            }
            if (ApiKey is null)
            {
                throw new InvalidOperationException($"the host printed no admin API key: {Tail()}");
            }
        }
        else
        {
            var (exitCode, stdout, stderr) = await HostProcess.KeysAsync(databaseUrl, "create", "--scope", "all", "--name", "integration tests");
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"keys create exited {exitCode}: {stderr}");
            }
            ApiKey = stdout.Trim();
        }
        Http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
    }

    /// <summary>True once the test itself began stopping the host.</summary>
    internal bool Stopping { get; private set; }

    /// <summary>Why the host cannot answer, when its process is gone or stopping.</summary>
    internal string? Failure()
    {
        bool shuttingDown = Output.Contains("Application is shutting down", StringComparison.Ordinal);
        if (!Process.HasExited && !shuttingDown)
        {
            return null;
        }
        string state = Process.HasExited ? $"exited with code {Process.ExitCode}" : "is shutting down";
        string cause = Stopping
            ? "the test stopped it"
            : shuttingDown
                ? "it logged 'Application is shutting down...' although no test stopped it: a SIGTERM/SIGINT from outside this test run"
                : "it crashed or was killed";
        return $"the host (pid {Process.Id}, {Address}) {state}; {cause}. Last output:\n{Tail(3000)}";
    }

    /// <summary>Everything the host wrote to stdout and stderr so far.</summary>
    internal string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The last lines of the output, for failure messages.</summary>
    internal string Tail(int characters = 4000)
    {
        string output = Output;
        return output.Length <= characters ? output : "…" + output[^characters..];
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    internal async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Process.HasExited)
            {
                // Let the output readers drain.
                await Task.Delay(200);
                string signalled = Output.Contains("Application is shutting down", StringComparison.Ordinal) || Output.Contains("OperationCanceledException", StringComparison.Ordinal) || Output.Contains("TaskCanceledException", StringComparison.Ordinal)
                    ? " (its start-up was cancelled: a SIGTERM/SIGINT from outside this test run is the usual cause)"
                    : "";
                throw new InvalidOperationException($"the host exited with code {Process.ExitCode} before answering{signalled}:\n{Tail()}");
            }
            try
            {
                using var response = await probe.GetAsync("/health/live");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(150);
        }
        throw new TimeoutException($"the host did not answer /health/live within {timeout.TotalSeconds:0} s:\n{Tail()}");
    }

    /// <summary>Stops the host (graceful SIGTERM first, then kill) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        Stopping = true;
        Http.Dispose();
        try
        {
            if (!Process.HasExited)
            {
                // SIGTERM lets the host shut down as in production; kill if it takes too long.
                using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
                {
                    term?.WaitForExit(2000);
                }
                using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await Process.WaitForExitAsync(graceful.Token);
                }
                catch (OperationCanceledException)
                {
                    Process.Kill(entireProcessTree: true);
                    using var hard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await Process.WaitForExitAsync(hard.Token);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            Process.Dispose();
        }
    }
}

/// <summary>Turns a refused connection to a host that is gone into a failure that says what happened to it.</summary>
internal sealed class HostStateHandler(RunningHost host) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            await Task.Delay(300, CancellationToken.None); // let the exit and the last log lines arrive
            if (host.Failure() is { } failure)
            {
                throw new HttpRequestException($"{request.Method} {request.RequestUri}: {e.Message}; {failure}", e);
            }
            throw;
        }
    }
}
