namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// The version of this contract; a plugin declares the version it was built against in its manifest
/// (<c>contract_version</c>, written by the host's <c>plugin-manifest</c> command) and the host loads only plugins of
/// its own version. Raised whenever a plugin built against the previous version could no longer run unchanged.
/// <list type="bullet">
/// <item>1: the first contract (verification keys and proofs as snarkjs JSON, proving from a .wtns stream).</item>
/// <item>2: <see cref="IProver"/> reads witnesses (<see cref="IProver.ReadWitness"/>) and proves from field elements
/// (<see cref="IProver.Prove(IProvingKey, Witness, ProveOptions, CancellationToken)"/> returning a typed
/// <see cref="IProof"/>); the catalog says when plugins are reloaded (<see cref="IProofSystemCatalog.Changed"/>).</item>
/// </list>
/// </summary>
public static class ProofSystemContract
{
    public const int Version = 2;
}
