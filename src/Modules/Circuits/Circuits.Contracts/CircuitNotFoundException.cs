namespace CredentialHub.Circuits.Contracts;

public sealed class CircuitNotFoundException(string id) : Exception($"there is no circuit '{id}'")
{
    public string Id { get; } = id;
}
