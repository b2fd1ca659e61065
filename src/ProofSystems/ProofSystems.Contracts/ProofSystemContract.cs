namespace CredentialHub.ProofSystems.Contracts;

/// <summary>The version of this contract; a plugin declares the version it was built against in its manifest.</summary>
public static class ProofSystemContract
{
    public const int Version = 1;
}
