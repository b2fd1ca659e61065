using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.TestSupport;

/// <summary>
/// The proof systems a test hands to the module under test (the real Groth16 backend, say), in place of the host's
/// plugin discovery: found by protocol and curve as the host finds them.
/// </summary>
public sealed class FixedProofSystems(params IProofSystem[] systems) : IProofSystemCatalog
{
    public IReadOnlyList<IProofSystem> ProofSystems { get; } = systems;

    public IReadOnlyList<ProofPluginStatus> Plugins { get; } = [];

    public IProofSystem? Find(string protocol, string curve) =>
        systems.FirstOrDefault(system => system.Protocol == protocol && system.SupportsCurve(curve));
}
