namespace CredentialHub.Proofs.Storage;

/// <summary>Where a proof job stands.</summary>
internal enum ProofStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}
