using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace CredentialHub.Host.Tests;

/// <summary>Runs the built host binary (src/Host/bin/&lt;configuration&gt;) as operators do, with its plugins folder.</summary>
internal static class HostProcess
{
    internal static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The build configuration of the host these tests run (Debug or Release).</summary>
    internal static string Configuration { get; } = typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "HostConfiguration").Value!;

    internal static string HostDirectory => Path.Combine(RepositoryRoot, "src", "Host", "bin", Configuration, "net10.0");

    internal static string Vector(string circuit, string file) =>
        Path.Combine(RepositoryRoot, "tests", "Groth16.Tests", "vectors", circuit, file);

    internal sealed record Result(int ExitCode, string Stdout, string Stderr);

    internal static async Task<Result> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(HostDirectory, "CredentialHub.Host.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the host serving HTTP on a free loopback port and waits until GET /health answers.</summary>
    internal static async Task<Server> StartServerAsync(IDictionary<string, string>? environment = null)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(HostDirectory, "CredentialHub.Host.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var server = new Server(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await server.Http.GetAsync("/health");
                // The embedded mode prints an admin key holding every scope: the tests call with it.
                for (int wait = 0; wait < 100 && server.AdminKey is null; wait++)
                {
                    await Task.Delay(50);
                }
                if (server.AdminKey is { } key)
                {
                    server.Http.DefaultRequestHeaders.Add("X-API-Key", key);
                }
                return server;
            }
            catch (HttpRequestException)
            {
                if (server.Process.HasExited)
                {
                    break;
                }
                await Task.Delay(200);
            }
        }
        string output = server.Output;
        await server.DisposeAsync();
        throw new InvalidOperationException($"the host did not answer on port {port}:\n{output}");
    }

    /// <summary>A running host process; its standard output and error are collected in <see cref="Output"/>.</summary>
    internal sealed class Server : IAsyncDisposable
    {
        private readonly System.Text.StringBuilder _output = new();

        internal Server(Process process, Uri address)
        {
            Process = process;
            Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        internal Process Process { get; }

        internal HttpClient Http { get; }

        /// <summary>The admin key the host printed at start-up (embedded mode), once it has been read.</summary>
        internal string? AdminKey => Output.Split('\n').FirstOrDefault(l => l.StartsWith("admin API key", StringComparison.Ordinal)) is { } line
            ? line[(line.LastIndexOf(' ') + 1)..].Trim()
            : null;

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

        private void Append(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
            await Process.WaitForExitAsync();
            Process.Dispose();
        }
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
        return dir?.FullName ?? throw new InvalidOperationException("CredentialHub.sln not found");
    }
}
