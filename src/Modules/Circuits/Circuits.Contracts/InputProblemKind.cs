namespace CredentialHub.Circuits.Contracts;

/// <summary>Which rules inputs break.</summary>
public enum InputProblemKind
{
    /// <summary>What the circuit's configuration declares (or the shape of a proving request): refused before any work.</summary>
    Declaration,

    /// <summary>The witness calculator's own rules: a proof job on such inputs fails as its witness would (invalid-input).</summary>
    Circuit,
}
