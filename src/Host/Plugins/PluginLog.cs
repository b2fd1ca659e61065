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

    /// <summary>
    /// One line per plugin folder examined again on reload: loaded (and which version it replaced), refused with the
    /// reason (the version loaded before serving on, or nothing), or unloaded because the folder is gone.
    /// </summary>
    internal static void ReportReload(ProofSystemCatalog catalog, IReadOnlyList<PluginReload> reloads, ILogger logger)
    {
        foreach (var (folder, before, after) in reloads)
        {
            if (after is null)
            {
                if (before is { Loaded: true })
                {
                    logger.LogWarning("Plugin {Plugin} {Version} unloaded: its folder {Folder} is gone", before.Id, before.Version, folder);
                }
            }
            else if (!after.Loaded)
            {
                logger.LogWarning("Plugin folder {Folder} skipped: {Reason}", folder, after.Error);
            }
            else if (after.Error is not null)
            {
                logger.LogWarning("Plugin folder {Folder} update refused: {Reason}; plugin {Plugin} {Version} loaded before keeps serving", folder, after.Error, after.Id, after.Version);
            }
            else if (before is { Loaded: true })
            {
                logger.LogInformation("Plugin {Plugin} {Version} reloaded from {Folder}, replacing {PreviousVersion}", after.Id, after.Version, folder, before.Version);
            }
            else
            {
                logger.LogInformation("Plugin {Plugin} {Version} loaded from {Folder}", after.Id, after.Version, folder);
            }
        }
        if (reloads.Count > 0 && catalog.ProofSystems.Count == 0)
        {
            logger.LogWarning("No proof system is available: no loadable plugin under {Directory}", catalog.Directory);
        }
    }
}
