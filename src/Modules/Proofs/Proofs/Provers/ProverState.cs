namespace CredentialHub.Proofs.Provers;

/// <summary>Where a prover process is in its life, as /health and the metrics show it.</summary>
internal enum ProverState
{
    /// <summary>Started for the first time; loading its circuits.</summary>
    Starting,

    /// <summary>Taking proofs.</summary>
    Ready,

    /// <summary>Ended (crashed, killed, out of memory) and waiting for, or in, its restart.</summary>
    Restarting,

    /// <summary>The service is stopping.</summary>
    Stopped,
}
