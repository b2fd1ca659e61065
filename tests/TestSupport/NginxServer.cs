using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace CredentialHub.TestSupport;

/// <summary>
/// A real nginx (Debian's package) in front of test hosts, configured with the shipped
/// <c>deploy/nginx/credentialhub.conf</c>: the same file with its upstream servers pointed at the test hosts and its
/// <c>listen 80</c> at a free loopback port (<see cref="Site"/>). It runs as a child process (<c>daemon off</c>) with
/// every path it writes (pid, logs, request-body and proxy temporary files) in a temporary folder of its own, so that
/// it runs as root or not and never touches the system nginx or port 80, and is stopped by its process id. When nginx
/// is not installed, every test that asks for it fails saying how to install it.
/// </summary>
public sealed partial class NginxServer : IAsyncDisposable
{
    public const string InstallHint = "nginx is not installed; run `apt-get install -y nginx` (the scale-out tests run two instances behind a real nginx)";

    private readonly TemporaryDirectory _directory;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NginxServer(TemporaryDirectory directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The shipped site configuration (http context: the upstream and the server).</summary>
    public static string ShippedSite => Repository.Path("deploy", "nginx", "credentialhub.conf");

    /// <summary>Where the balancer listens (127.0.0.1, a free port).</summary>
    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>nginx's error log so far (upstream failures are logged there), and what it printed.</summary>
    public string ErrorLog => Read("error.log") + Output;

    /// <summary>The access log so far (nginx's default format, one line per request).</summary>
    public string AccessLog => Read("access.log");

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The nginx binary: Debian installs it in /usr/sbin, which a non-root PATH may lack.</summary>
    public static string? Executable { get; } = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx" }
        .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, "nginx")))
        .FirstOrDefault(File.Exists);

    /// <summary>
    /// The shipped site with its upstream's <c>server</c> lines replaced by one line per address in
    /// <paramref name="upstreams"/> (each keeping the parameters of the shipped lines: max_fails, fail_timeout) and
    /// its <c>listen 80</c> by <c>listen 127.0.0.1:<paramref name="port"/></c>. Fails when the template no longer has
    /// those lines, so that the tests never run a configuration the operator would not.
    /// </summary>
    public static string Site(IReadOnlyList<Uri> upstreams, int port, string? template = null)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        template ??= File.ReadAllText(ShippedSite);
        var upstream = UpstreamBlock().Match(template);
        if (!upstream.Success)
        {
            throw new InvalidOperationException($"{ShippedSite} has no 'upstream credentialhub {{ … }}' block");
        }
        var servers = ServerLine().Matches(upstream.Value);
        if (servers.Count < 2)
        {
            throw new InvalidOperationException($"{ShippedSite}: the upstream names {servers.Count} server line(s); the shipped configuration is for two instances or more");
        }
        string parameters = servers[0].Groups["parameters"].Value;
        string indent = servers[0].Groups["indent"].Value;
        string lines = string.Concat(upstreams.Select(u => $"{indent}server {u.Host}:{u.Port.ToString(CultureInfo.InvariantCulture)}{parameters};\n"));
        string block = upstream.Value[..servers[0].Index] + lines + upstream.Value[(servers[^1].Index + servers[^1].Length)..];
        string site = template[..upstream.Index] + block + template[(upstream.Index + upstream.Length)..];
        var listens = Listen().Matches(site);
        if (listens.Count != 1)
        {
            throw new InvalidOperationException($"{ShippedSite}: expected one 'listen 80;', found {listens.Count}");
        }
        return Listen().Replace(site, $"${{indent}}listen 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)};");
    }

    /// <summary>
    /// <c>nginx -t</c> of this site (http context) in a main configuration of the fixture's own: the exit code and
    /// what nginx printed.
    /// </summary>
    public static async Task<ProcessResult> TestAsync(string site)
    {
        string nginx = Executable ?? throw new InvalidOperationException(InstallHint);
        using var directory = new TemporaryDirectory("credentialhub-nginx-");
        string configuration = WriteConfiguration(directory, site);
        return await ExternalProcess.RunAsync(nginx, Arguments(directory, configuration, test: true), directory.Path, timeout: TimeSpan.FromSeconds(60), installHint: InstallHint);
    }

    /// <summary>Starts nginx with the shipped site in front of <paramref name="upstreams"/> and waits until it accepts connections.</summary>
    public static async Task<NginxServer> StartAsync(IReadOnlyList<Uri> upstreams)
    {
        string nginx = Executable ?? throw new InvalidOperationException(InstallHint);
        string? last = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int port = Loopback.FreePort();
            var directory = new TemporaryDirectory("credentialhub-nginx-");
            string configuration = WriteConfiguration(directory, Site(upstreams, port));
            var start = new ProcessStartInfo(nginx)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory.Path,
            };
            foreach (string argument in Arguments(directory, configuration, test: false))
            {
                start.ArgumentList.Add(argument);
            }
            var server = new NginxServer(directory, Process.Start(start) ?? throw new InvalidOperationException("could not start nginx"), port);
            if (await server.WaitUntilAcceptingAsync(TimeSpan.FromSeconds(30)))
            {
                return server;
            }
            last = server.ErrorLog;
            await server.DisposeAsync();
            // Retry only a port taken between choosing and binding it.
            if (!last.Contains("Address already in use", StringComparison.Ordinal))
            {
                break;
            }
        }
        throw new InvalidOperationException($"nginx did not start:\n{last}");
    }

    /// <summary>Stops nginx by its process id: SIGQUIT (graceful), then SIGKILL to it and its workers if it lingers.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using (var quit = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-QUIT", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
                {
                    quit?.WaitForExit(2000);
                }
                using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(graceful.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            _directory.Dispose();
        }
    }

    private async Task<bool> WaitUntilAcceptingAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the output readers
                return false;
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Address.Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        return false;
    }

    private static string[] Arguments(TemporaryDirectory directory, string configuration, bool test) =>
    [
        .. test ? new[] { "-t" } : [],
        // The prefix and the error log of start-up (before the configuration is read) in the fixture's folder.
        "-p", directory.Path + "/", "-e", directory.File("error.log"), "-c", configuration,
        "-g", $"daemon off; pid {directory.File("nginx.pid")};",
    ];

    /// <summary>Writes the site and a main configuration including it, every path in <paramref name="directory"/>; returns the main file.</summary>
    private static string WriteConfiguration(TemporaryDirectory directory, string site)
    {
        string sitePath = directory.File("credentialhub.conf");
        File.WriteAllText(sitePath, site);
        var main = new StringBuilder();
        if (Environment.IsPrivilegedProcess)
        {
            // As root the workers would switch to nobody, who cannot write the temporary folders below.
            main.AppendLine("user root;");
        }
        main.AppendLine("worker_processes 1;")
            .AppendLine($"error_log {directory.File("error.log")} warn;")
            .AppendLine("events { worker_connections 512; }")
            .AppendLine("http {")
            .AppendLine($"    access_log {directory.File("access.log")};")
            .AppendLine($"    client_body_temp_path {directory.File("client_body_temp")};")
            .AppendLine($"    proxy_temp_path {directory.File("proxy_temp")};")
            .AppendLine($"    fastcgi_temp_path {directory.File("fastcgi_temp")};")
            .AppendLine($"    uwsgi_temp_path {directory.File("uwsgi_temp")};")
            .AppendLine($"    scgi_temp_path {directory.File("scgi_temp")};")
            .AppendLine($"    include {sitePath};")
            .AppendLine("}");
        string mainPath = directory.File("nginx.conf");
        File.WriteAllText(mainPath, main.ToString());
        return mainPath;
    }

    private string Read(string file)
    {
        try
        {
            return File.Exists(_directory.File(file)) ? File.ReadAllText(_directory.File(file)) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    [GeneratedRegex(@"upstream\s+credentialhub\s*\{[^}]*\}")]
    private static partial Regex UpstreamBlock();

    [GeneratedRegex(@"^(?<indent>[ \t]*)server\s+[^\s;]+(?<parameters>[^;\n]*);[ \t]*\n", RegexOptions.Multiline)]
    private static partial Regex ServerLine();

    [GeneratedRegex(@"^(?<indent>[ \t]*)listen\s+80\s*;", RegexOptions.Multiline)]
    private static partial Regex Listen();
}
