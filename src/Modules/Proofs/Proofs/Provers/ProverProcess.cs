using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using CredentialHub.Proofs.Provers.Protocol;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Proofs.Provers;

/// <summary>
/// One prover process of the pool: a child of this host running the same binary's hidden verb, started with a scrubbed
/// environment (<see cref="ProverEnvironment"/>), a per-start random token on its standard input and a Unix domain
/// socket in the pool's private directory, which it listens on alone. The process exits when its standard input closes,
/// so it never outlives the host. Its last lines of output are kept to tell an out-of-memory from another crash.
/// </summary>
internal sealed class ProverProcess(int index, string socketPath, ILogger logger) : IDisposable
{
    private readonly ConcurrentQueue<string> _tail = new();
    private Process? _process;
    private GrpcChannel? _channel;
    private int _inFlight;

    public int Index { get; } = index;

    public string SocketPath { get; } = socketPath;

    public Prover.ProverClient? Client { get; private set; }

    /// <summary>The token of the current start, sent with every call.</summary>
    public Metadata Headers { get; private set; } = [];

    /// <summary>The id of the process started last (also once it has exited), for messages.</summary>
    public int? StartedProcessId { get; private set; }

    public int? ProcessId => _process is { } p && !HasExited(p) ? p.Id : null;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Circuits loaded in the current start (by id and proving key SHA-256).</summary>
    public ConcurrentDictionary<string, Lazy<Task>> Loaded { get; private set; } = new(StringComparer.Ordinal);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Leave() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Starts the process and connects to it (the socket may not be there yet: <see cref="WaitUntilAnsweringAsync"/>).</summary>
    public void Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        Stop();
        File.Delete(SocketPath);
        string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(SocketPath)!,
        };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add("--socket");
        start.ArgumentList.Add(SocketPath);
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        _tail.Clear();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Relay(line.Data);
        process.ErrorDataReceived += (_, line) => Relay(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // The token goes on standard input, which then stays open: the process exits when it closes (this host is gone).
        process.StandardInput.WriteLine(token);
        process.StandardInput.Flush();
        _process = process;
        StartedProcessId = process.Id;
        Headers = new Metadata { { ProverTokenInterceptor.MetadataKey, token } };
        Loaded = new ConcurrentDictionary<string, Lazy<Task>>(StringComparer.Ordinal);
        _channel = GrpcChannel.ForAddress("http://prover", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
                EnableMultipleHttp2Connections = true,
            },
            // Circuits' proving keys travel in one message.
            MaxSendMessageSize = null,
            MaxReceiveMessageSize = null,
        });
        Client = new Prover.ProverClient(_channel);
    }

    /// <summary>Waits until the process answers a status call; throws when it exits or <paramref name="timeout"/> passes.</summary>
    public async Task<StatusReply> WaitUntilAnsweringAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process is null || HasExited(_process))
            {
                throw new InvalidOperationException($"the prover process exited during its start (exit code {ExitCode}){LastOutput()}");
            }
            if (File.Exists(SocketPath))
            {
                try
                {
                    return await Client!.StatusAsync(new StatusRequest(), Headers, DateTime.UtcNow.AddSeconds(5), cancellationToken);
                }
                catch (RpcException) when (clock.Elapsed < timeout)
                {
                }
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the prover process did not answer within {timeout.TotalSeconds:0} s{LastOutput()}");
            }
            await Task.Delay(25, cancellationToken);
        }
    }

    /// <summary>Waits for the process to exit (bounded); true when it has.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is not { } process)
        {
            return true;
        }
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Ends when the current process exits.</summary>
    public Task ExitedAsync(CancellationToken cancellationToken) => _process?.WaitForExitAsync(cancellationToken) ?? Task.CompletedTask;

    public int? ExitCode => _process is { } p && HasExited(p) ? p.ExitCode : null;

    /// <summary>Whether the process's last output says it ran out of memory (the runtime's fatal out-of-memory).</summary>
    public bool DiedOutOfMemory => _tail.Any(line => line.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || line.Contains("out of memory", StringComparison.OrdinalIgnoreCase));

    /// <summary>The memory the process holds now (resident set), or null when it is not running.</summary>
    public long? ResidentBytes()
    {
        if (ProcessId is not { } pid)
        {
            return null;
        }
        try
        {
            // /proc/PID/statm: size resident shared ... in pages.
            string[] fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(fields[1]) * Environment.SystemPageSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Kills the process (and its children) at once.</summary>
    public void Kill()
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    /// <summary>Closes the process's standard input (it exits on its own), then kills it if it is still there.</summary>
    public void Stop()
    {
        if (_process is { } process)
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(2)))
            {
                Kill();
            }
            process.Dispose();
            _process = null;
        }
        _channel?.Dispose();
        _channel = null;
        Client = null;
    }

    public void Dispose() => Stop();

    /// <summary>The last lines the process wrote, for messages.</summary>
    public string LastOutput() => _tail.IsEmpty ? "" : $"; its last output: {string.Join(" | ", _tail.TakeLast(5))}";

    private void Relay(string? line)
    {
        if (line is null)
        {
            return;
        }
        _tail.Enqueue(line);
        while (_tail.Count > 30)
        {
            _tail.TryDequeue(out _);
        }
        logger.LogInformation("prover process {Worker}: {Line}", Index, line);
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
