namespace CredentialHub.Circuits.Catalog;

/// <summary>A configuration key is missing or wrong; <see cref="Key"/> is its name, or empty for the document.</summary>
internal sealed class CircuitConfigurationException(string key, string problem)
    : Exception(key.Length == 0 ? $"{CircuitConfiguration.FileName} {problem}" : $"{CircuitConfiguration.FileName}: '{key}' {problem}")
{
    public string Key { get; } = key;
}
