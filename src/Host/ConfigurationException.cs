namespace CredentialHub.Host;

/// <summary>A configuration value is wrong; the message names the variable.</summary>
internal sealed class ConfigurationException(string variable, string problem) : Exception($"{variable} {problem}")
{
    public string Variable { get; } = variable;
}
