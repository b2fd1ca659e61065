namespace CredentialHub.Host;

/// <summary>The host's own settings, read from the environment; a bad value stops the start-up with its name.</summary>
internal static class HostConfiguration
{
    /// <summary>PLUGINS_DIR: where proof-system plugins are discovered (default: plugins/ next to the binary).</summary>
    internal static string PluginsDirectory(Func<string, string?> environment) =>
        environment("PLUGINS_DIR") is { Length: > 0 } dir ? Path.GetFullPath(dir) : Plugins.ProofSystemCatalog.DefaultDirectory;
}
