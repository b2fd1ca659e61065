using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// This process among the service's instances. <see cref="Name"/> is stable across restarts (INSTANCE_NAME, by default
/// the machine name and the addresses served), <see cref="Id"/> is new at every start: the owner recorded on every job
/// it queues. At start-up an instance ends at once the unfinished jobs of its earlier lives (same name, another id);
/// the jobs of an instance that does not come back end when their lease runs out.
/// </summary>
internal sealed class ServiceInstance(IOptions<ProofsModuleOptions> options)
{
    public string Name { get; } = options.Value.InstanceName ?? Environment.MachineName;

    /// <summary>What every owner of this name starts with.</summary>
    public string OwnerPrefix => Name + "#";

    public string Id { get; } = $"{options.Value.InstanceName ?? Environment.MachineName}#{Environment.ProcessId}.{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
}
