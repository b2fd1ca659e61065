namespace CredentialHub.Host.Plugins;

internal sealed class PluginLoadException(string message) : Exception(message);
