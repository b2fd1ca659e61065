using System.Globalization;
using System.Runtime.InteropServices;
using CredentialHub.Circuits;
using CredentialHub.Host.Plugins;
using CredentialHub.Proofs;
using CredentialHub.ProofSystems.Contracts;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CredentialHub.Host.Commands;

/// <summary>
/// The hidden verb <c>prover-worker</c>: a prover process, started by the host (PROVER_PROCESSES), never by hand. It
/// reads its token from standard input, caps its address space (its GC heap is capped by the environment the host gave
/// it), loads the plugins and serves the prover's gRPC service on its Unix domain socket alone: no TCP port, no
/// database, no secret. It exits when its standard input closes (the host is gone).
/// </summary>
internal static partial class ProverWorkerCommand
{
    public const string Verb = "prover-worker";

    /// <summary>The command that starts a prover process from this binary, as this process was started (apphost or dotnet).</summary>
    public static IReadOnlyList<string> StartCommand(string pluginsPath)
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this process is unknown");
        var command = new List<string> { process };
        if (Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            command.Add(typeof(ProverWorkerCommand).Assembly.Location);
        }
        command.AddRange([Verb, "--plugins", pluginsPath]);
        return command;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string? socket = null, plugins = null;
        int memoryLimit = 0;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--socket": socket = args[i + 1]; break;
                case "--plugins": plugins = args[i + 1]; break;
                case "--memory-limit-mb": memoryLimit = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"{Verb}: unknown option {args[i]}");
                    return CommandLine.Unusable;
            }
        }
        if (socket is null || plugins is null)
        {
            Console.Error.WriteLine($"{Verb} is started by the service (PROVER_PROCESSES), not by hand: it needs --socket and --plugins, and its token on standard input");
            return CommandLine.Unusable;
        }
        string? token = Console.In.ReadLine();
        if (string.IsNullOrWhiteSpace(token))
        {
            Console.Error.WriteLine($"{Verb}: no token on standard input");
            return CommandLine.Unusable;
        }
        if (memoryLimit > 0)
        {
            LimitAddressSpace(memoryLimit);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // One line per event, control characters escaped, no time of its own: the host relays each line into its log.
        builder.Logging.ClearProviders().AddConsole(console =>
        {
            console.FormatterName = TextLogFormatter.Name;
            console.LogToStandardErrorThreshold = LogLevel.Trace;
        }).AddConsoleFormatter<TextLogFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(socket, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        var catalog = ProofSystemCatalog.Load(plugins);
        builder.Services.AddSingleton<IProofSystemCatalog>(catalog);
        builder.Services.AddCircuitPackageLoader();
        builder.Services.AddProverWorker(socket, token);
        var app = builder.Build();
        app.MapProverWorker();
        // The host holds the other end of standard input: when it is gone, so is this process.
        _ = Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
            app.Lifetime.StopApplication();
        });
        app.Logger.LogInformation("prover process {Pid} listening on {Socket} with {ProofSystems} proof system(s), memory limit {Limit} MiB",
            Environment.ProcessId, socket, catalog.ProofSystems.Count, memoryLimit);
        await app.RunAsync();
        return CommandLine.Success;
    }

    /// <summary>
    /// Caps the address space (RLIMIT_AS) at what the process has mapped now plus twice the memory limit and 1 GiB: room
    /// for the GC heap (capped at the limit by DOTNET_GCHeapHardLimit, which binds first), code and thread stacks, and no
    /// more: an allocation outside the GC heap cannot take the machine's memory either.
    /// </summary>
    private static void LimitAddressSpace(int memoryLimitMegabytes)
    {
        long mapped = 0;
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmSize:", StringComparison.Ordinal))
            {
                mapped = long.Parse(line["VmSize:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        ulong limit = (ulong)(mapped + (2L * memoryLimitMegabytes + 1024) * 1024 * 1024);
        var rlimit = new ResourceLimit { Current = limit, Maximum = limit };
        if (SetResourceLimit(AddressSpaceResource, ref rlimit) != 0)
        {
            Console.Error.WriteLine($"{Verb}: could not limit the address space (errno {Marshal.GetLastPInvokeError()}); the GC heap limit still holds");
        }
    }

    private const int AddressSpaceResource = 9; // RLIMIT_AS on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetResourceLimit(int resource, ref ResourceLimit limit);
}
