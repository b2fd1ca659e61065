namespace CredentialHub.ProofSystems.Contracts;

/// <summary>The proof systems the host discovered in its plugins folder, and what became of each plugin.</summary>
public interface IProofSystemCatalog
{
    IReadOnlyList<IProofSystem> ProofSystems { get; }

    IReadOnlyList<ProofPluginStatus> Plugins { get; }

    /// <summary>The proof system for a snarkjs protocol and curve name (e.g. groth16, bn128), or null.</summary>
    IProofSystem? Find(string protocol, string curve);
}
