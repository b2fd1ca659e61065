namespace CredentialHub.Proofs.Provers;

/// <summary>What a prover process is started with: the socket it listens on and the token every call must carry.</summary>
internal sealed record ProverWorkerOptions(string SocketPath, string Token);
