namespace CredentialHub.ProofSystems.Contracts;

/// <summary>The proof systems the host discovered in its plugins folder, and what became of each plugin.</summary>
public interface IProofSystemCatalog
{
    IReadOnlyList<IProofSystem> ProofSystems { get; }

    IReadOnlyList<ProofPluginStatus> Plugins { get; }

    /// <summary>The proof system for a snarkjs protocol and curve name (e.g. groth16, bn128), or null.</summary>
    IProofSystem? Find(string protocol, string curve);

    /// <summary>
    /// Raised after the catalog changed while the host runs (plugins reloaded from their folders, PLUGINS_RELOAD):
    /// a plugin was loaded, replaced or removed. Whoever keeps objects a proof system made (verification and proving
    /// keys, loaded circuits) takes them again through <see cref="Find"/>: the old ones keep working until they are
    /// let go, and only then is the old plugin version unloaded. A catalog that never changes never raises it.
    /// </summary>
    event Action? Changed
    {
        add { }
        remove { }
    }
}
