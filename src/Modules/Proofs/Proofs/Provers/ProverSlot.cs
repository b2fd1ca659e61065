namespace CredentialHub.Proofs.Provers;

/// <summary>A place in the pool: its process and what /health says of it.</summary>
internal sealed class ProverSlot(ProverProcess process)
{
    public ProverProcess Process { get; } = process;

    public volatile ProverState State = ProverState.Starting;

    /// <summary>Ends once the first start is over (ready, or the service stopping).</summary>
    public TaskCompletionSource FirstStart { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Restarts { get; set; }

    public DateTimeOffset? ReadyAt { get; set; }

    /// <summary>How the last process ended, for /health.</summary>
    public string? LastExit { get; set; }

    /// <summary>Why the host is killing the process (killed, recycled), read when it exits.</summary>
    public volatile string? KillReason;
}
