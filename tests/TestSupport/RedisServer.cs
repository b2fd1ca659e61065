using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CredentialHub.TestSupport;

/// <summary>
/// A real redis-server for tests (no persistence, 127.0.0.1 on a free port), shared by the classes of an xunit
/// collection. <see cref="Stop"/> and <see cref="Start"/> let a test take Redis away and bring it back on the
/// same port. When redis-server is not installed, every test that asks for it fails with how to install it:
/// a cache that is never tested is not silently skipped.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private const string InstallHint = "redis-server is not installed; run `apt-get install -y redis-server` (the Redis cache tests need a real server).";

    private readonly string? _executable = FindExecutable();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"credentialhub-redis-{Guid.NewGuid():N}");
    private readonly Lock _gate = new();
    private Process? _process;

    public RedisServer()
    {
        Port = Loopback.FreePort();
        if (_executable is not null)
        {
            Directory.CreateDirectory(_directory);
            Start();
        }
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server (fails if redis-server is missing).</summary>
    public string ConfigurationString
    {
        get
        {
            RequireInstalled();
            return $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=2000";
        }
    }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false };
            }
        }
    }

    /// <summary>Starts the server on <see cref="Port"/> (no-op when running) and waits until it accepts connections.</summary>
    public void Start()
    {
        RequireInstalled();
        lock (_gate)
        {
            if (_process is { HasExited: false })
            {
                return;
            }
            _process?.Dispose();
            var start = new ProcessStartInfo(_executable!)
            {
                UseShellExecute = false,
                WorkingDirectory = _directory,
            };
            foreach (string a in new[]
                     {
                         "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                         "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", _directory,
                         "--logfile", Path.Combine(_directory, "redis.log"),
                     })
            {
                start.ArgumentList.Add(a);
            }
            _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        }
        WaitUntilAccepting();
    }

    /// <summary>Kills the server (as a crash would) and waits until its port is closed.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_process is null || _process.HasExited)
            {
                return;
            }
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                _process.WaitForExit();
            }
            _process?.Dispose();
            _process = null;
        }
        try
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Only leaves an empty directory in /tmp behind.
        }
    }

    private void RequireInstalled()
    {
        if (_executable is null)
        {
            throw new InvalidOperationException(InstallHint);
        }
    }

    private void WaitUntilAccepting()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[16];
                int read = stream.Read(buffer, 0, buffer.Length);
                if (read > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"redis-server did not accept connections on port {Port} within 20 s (see {_directory}/redis.log).");
            }
            Thread.Sleep(50);
        }
    }

    private static string? FindExecutable() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, "redis-server")))
            .FirstOrDefault(File.Exists);

}
