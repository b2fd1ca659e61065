namespace CredentialHub.Proofs.Jobs;

/// <summary>
/// This process among the service's instances: the owner recorded on every job it queues, new at every start (so a
/// restarted instance does not take over its previous life's jobs; it ends them as interrupted).
/// </summary>
internal sealed class ServiceInstance
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
}
