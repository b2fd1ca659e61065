using System.Diagnostics;
using System.Net;
using System.Text;

namespace CredentialHub.TestSupport;

/// <summary>A running host process: its address, an <see cref="HttpClient"/> for it, and its captured output.</summary>
public sealed class RunningHost : IAsyncDisposable
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

    public Process Process { get; }

    public Uri Address { get; }

    /// <summary>60 s timeout per request (a generate request may wait up to PROOF_WAIT_SECONDS); sends <see cref="ApiKey"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>A key holding every scope: the admin key the host printed (embedded mode), or one made with <c>keys create</c> (database).</summary>
    public string? ApiKey { get; private set; }

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
    public bool Stopping { get; private set; }

    /// <summary>Why the host cannot answer, when its process is gone or stopping.</summary>
    public string? Failure()
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
    public string Output
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
    public string Tail(int characters = 4000)
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

    /// <summary>
    /// Kills the host by its process id with SIGKILL (kill -9: no shutdown code runs, as in a crash or the kernel's
    /// out-of-memory killer) and waits until it is gone.
    /// </summary>
    public async Task KillAsync()
    {
        Stopping = true;
        Process.Kill();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Process.WaitForExitAsync(cancel.Token);
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
