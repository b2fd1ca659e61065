namespace CredentialHub.Circuits.Contracts;

/// <summary>
/// An upload cannot be registered. <see cref="Field"/> names the part at fault (configuration, wasm, zkey,
/// vkey, r1cs, or a configuration key such as <c>configuration.id</c>); <see cref="Conflict"/> is set when the id is
/// already registered.
/// </summary>
public sealed class CircuitRegistrationException(string field, string message, bool conflict = false) : Exception(message)
{
    public string Field { get; } = field;

    public bool Conflict { get; } = conflict;
}
