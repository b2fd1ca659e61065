using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// A .zkey, .wtns or .r1cs file that cannot be used: truncated, of another format or curve, or with
/// contents that contradict each other. <see cref="ArtifactFormatException.File"/> names the file,
/// <see cref="ArtifactFormatException.Section"/> the container section at fault (null when the problem is
/// not inside one section) and <see cref="ArtifactFormatException.Problem"/> what is wrong with it. It is
/// the contract's exception, so the host reports it without knowing this plugin.
/// </summary>
public sealed class BinaryFormatException(string file, int? section, string problem)
    : ArtifactFormatException(file, section, problem);
