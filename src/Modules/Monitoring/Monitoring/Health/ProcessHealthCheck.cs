using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CredentialHub.Monitoring.Health;

/// <summary>Memory against what the runtime may use, and free disk where the service runs: degraded when short.</summary>
internal sealed class ProcessHealthCheck : IHealthCheck
{
    public const double MemoryShareLimit = 0.9;
    public const long MinimumFreeDiskBytes = 512L << 20;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var process = Process.GetCurrentProcess();
        long workingSet = process.WorkingSet64;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        long freeDisk = -1;
        try
        {
            freeDisk = new DriveInfo(Path.GetFullPath(AppContext.BaseDirectory)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }
        var data = new Dictionary<string, object>
        {
            ["working_set_bytes"] = workingSet,
            ["available_memory_bytes"] = available,
            ["free_disk_bytes"] = freeDisk,
            ["threads"] = process.Threads.Count,
        };
        var problems = new List<string>();
        if (available > 0 && workingSet > MemoryShareLimit * available)
        {
            problems.Add($"working set {workingSet >> 20} MiB is over {MemoryShareLimit:P0} of the {available >> 20} MiB available");
        }
        if (freeDisk >= 0 && freeDisk < MinimumFreeDiskBytes)
        {
            problems.Add($"only {freeDisk >> 20} MiB of disk free");
        }
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"working set {workingSet >> 20} MiB, {freeDisk >> 20} MiB disk free", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems), data: data));
    }
}
