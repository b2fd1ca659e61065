namespace CredentialHub.Host.Plugins;

internal static class PluginLog
{
    /// <summary>One line per plugin folder at start-up: loaded, or skipped with the reason.</summary>
    internal static void Report(ProofSystemCatalog catalog, ILogger logger)
    {
        foreach (var status in catalog.Plugins)
        {
            if (status.Loaded)
            {
                logger.LogInformation("Plugin {Plugin} {Version} loaded from {Folder}", status.Id, status.Version, status.Folder);
            }
            else
            {
                logger.LogWarning("Plugin folder {Folder} skipped: {Reason}", status.Folder, status.Error);
            }
        }
        if (catalog.ProofSystems.Count == 0)
        {
            logger.LogWarning("No proof system is available: no loadable plugin under {Directory}", catalog.Directory);
        }
    }
}
