namespace CredentialHub.Proofs.Provers;

/// <summary>
/// The environment a prover process starts with: nothing of the host's but what the runtime needs to run (an allow-list,
/// so that DATABASE_URL, REDIS_URL, SECRET_KEY, JWT settings and any other secret never reach it), and the GC's hard heap
/// limit (PROVER_MEMORY_LIMIT_MB) over all its heaps (server GC, as the host runs).
/// </summary>
internal static class ProverEnvironment
{
    /// <summary>The variables passed on when the host has them: the system's and the .NET runtime's location.</summary>
    public static readonly IReadOnlyList<string> Passed = ["PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "DOTNET_ROOT", "DOTNET_ROOT_X64"];

    public static Dictionary<string, string> Build(IReadOnlyDictionary<string, string?> host, int memoryLimitMegabytes)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in Passed)
        {
            if (host.TryGetValue(name, out string? value) && value is not null)
            {
                environment[name] = value;
            }
        }
        environment["DOTNET_GCHeapHardLimit"] = ((long)memoryLimitMegabytes << 20).ToString("X");
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return environment;
    }

    /// <summary>This process's environment, for <see cref="Build"/>.</summary>
    public static IReadOnlyDictionary<string, string?> Current() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value, StringComparer.Ordinal);
}
