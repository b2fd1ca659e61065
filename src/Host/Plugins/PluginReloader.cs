namespace CredentialHub.Host.Plugins;

/// <summary>
/// PLUGINS_RELOAD=true: watches the plugins directory (sub-folders included) and, once it has been quiet for
/// <see cref="QuietPeriod"/> after a change, has the catalog load again every plugin folder whose content changed
/// (<see cref="ProofSystemCatalog.Reload"/>), logging each outcome. A change is anything a file system event reports;
/// what is reloaded is decided by content (the SHA-256 of every file), so a burst of events while a folder is copied
/// makes one reload and an event that changed nothing makes none.
/// </summary>
internal sealed class PluginReloader(ProofSystemCatalog catalog, ILogger<PluginReloader> logger) : IHostedService, IDisposable
{
    /// <summary>How long the directory must be quiet before a reload: long enough for a folder copy to finish.</summary>
    internal static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private Timer? _timer;
    private bool _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(catalog.Directory))
        {
            logger.LogWarning("PLUGINS_RELOAD is on but the plugins directory {Directory} does not exist: nothing is watched", catalog.Directory);
            return Task.CompletedTask;
        }
        _timer = new Timer(_ => ReloadNow(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(catalog.Directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Deleted += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.Error += (_, e) =>
        {
            logger.LogWarning("watching the plugins directory {Directory} lost events ({Error}): every folder is examined again", catalog.Directory, e.GetException().Message);
            Schedule();
        };
        _watcher.EnableRaisingEvents = true;
        logger.LogInformation("PLUGINS_RELOAD: watching {Directory}; a plugin folder that changes is loaded again {QuietSeconds} s after its last change", catalog.Directory, QuietPeriod.TotalSeconds);
        // Whatever changed between the start-up load and the watch.
        Schedule();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopped = true;
            _watcher?.Dispose();
            _timer?.Change(Timeout.Infinite, Timeout.Infinite);
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
    }

    /// <summary>(Re)starts the quiet period: the reload runs once no event came for <see cref="QuietPeriod"/>.</summary>
    private void Schedule()
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _timer?.Change(QuietPeriod, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void ReloadNow()
    {
        try
        {
            PluginLog.ReportReload(catalog, catalog.Reload(), logger);
        }
        catch (Exception e)
        {
            // A plugin folder must never take the host down: the folders keep what they had, the next change tries again.
            logger.LogError(e, "reloading the plugins under {Directory} failed", catalog.Directory);
        }
    }
}
