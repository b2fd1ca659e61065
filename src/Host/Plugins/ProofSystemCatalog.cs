using System.Reflection;
using System.Security.Cryptography;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Plugins;

/// <summary>
/// Discovers proof-system plugins: every sub-folder of the plugins directory that holds a plugin.json. Before an entry
/// assembly is loaded (<see cref="LoadedPlugin"/>, through McMaster's plugin loader) its manifest and SHA-256 are
/// checked. A plugin that cannot be loaded is skipped with its reason (kept for /health and the log); the others load
/// regardless.
/// <para>
/// What consumers see is one immutable snapshot (proof systems and per-folder statuses together), replaced in one
/// write: a reader never sees half a reload. With <c>PLUGINS_RELOAD</c> the plugins are loaded unloadable and
/// <see cref="Reload"/> (called by <see cref="PluginReloader"/> when the directory changes) loads again every folder
/// whose content changed, publishes the new snapshot, raises <see cref="Changed"/> when the proof systems changed,
/// and unloads the versions it replaced. A folder whose new content fails a check keeps the version loaded before
/// serving, and its status says so with the reason (see <see cref="ProofPluginStatus"/>); a folder that is gone (or no
/// longer holds a plugin.json) is unloaded.
/// </para>
/// </summary>
internal sealed class ProofSystemCatalog : IProofSystemCatalog
{
    private readonly Lock _reloading = new();
    private volatile Snapshot _current = Snapshot.Empty;
    private bool _examined;

    private ProofSystemCatalog(string directory, bool reloadable)
    {
        Directory = directory;
        Reloadable = reloadable;
    }

    public IReadOnlyList<IProofSystem> ProofSystems => _current.ProofSystems;

    public IReadOnlyList<ProofPluginStatus> Plugins => _current.Statuses;

    /// <summary>The plugins directory.</summary>
    public string Directory { get; }

    /// <summary>Whether plugins are loaded unloadable and <see cref="Reload"/> may replace them (PLUGINS_RELOAD).</summary>
    public bool Reloadable { get; }

    public event Action? Changed;

    /// <summary>Loads every plugin folder of the directory (none when it does not exist).</summary>
    public static ProofSystemCatalog Load(string directory, bool reloadable = false)
    {
        var catalog = new ProofSystemCatalog(directory, reloadable);
        catalog.Reload();
        return catalog;
    }

    /// <summary>
    /// Examines the directory again: loads every folder that is new or whose content changed since it was last
    /// examined, keeps the others as they are, drops the folders that are gone. Returns what it examined again (empty:
    /// nothing changed). Only a <see cref="Reloadable"/> catalog replaces what it has loaded.
    /// </summary>
    public IReadOnlyList<PluginReload> Reload()
    {
        lock (_reloading)
        {
            if (_examined && !Reloadable)
            {
                throw new InvalidOperationException("plugins are loaded for good: reloading them needs PLUGINS_RELOAD=true");
            }
            _examined = true;
            var before = _current;
            var next = Resolve(before, Examine(before), out var reloads, out var released);
            if (reloads.Count == 0)
            {
                return reloads;
            }
            _current = next;
            foreach (var plugin in released)
            {
                plugin.Dispose();
            }
            if (!before.ProofSystems.SequenceEqual(next.ProofSystems))
            {
                Changed?.Invoke();
            }
            return reloads;
        }
    }

    /// <summary>
    /// Every plugin folder now in the directory, in name order: the entry of <paramref name="before"/> when its content
    /// is unchanged, else the outcome of loading it (a new version, or the reason it was refused).
    /// </summary>
    private List<Candidate> Examine(Snapshot before)
    {
        var candidates = new List<Candidate>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return candidates;
        }
        foreach (string folder in System.IO.Directory.GetDirectories(Directory).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(folder, PluginManifest.FileName)))
            {
                continue;
            }
            string name = Path.GetFileName(folder);
            string? fingerprint = Reloadable ? Fingerprint(folder) : null;
            var previous = before.Folders.FirstOrDefault(f => f.Name == name);
            if (previous is not null && fingerprint is not null && previous.Fingerprint == fingerprint)
            {
                candidates.Add(new Candidate(previous, null, null, null));
                continue;
            }
            PluginManifest? manifest = null;
            try
            {
                manifest = PluginManifest.Read(Path.Combine(folder, PluginManifest.FileName));
                LoadedPlugin.Check(folder, manifest);
                candidates.Add(new Candidate(null, new FolderState(name, fingerprint, LoadedPlugin.Load(folder, manifest, Reloadable), null), manifest, null));
            }
            catch (Exception e) when (e is PluginLoadException or IOException or BadImageFormatException or ReflectionTypeLoadException or TypeLoadException
                or UnauthorizedAccessException or MissingMemberException)
            {
                candidates.Add(new Candidate(null, new FolderState(name, fingerprint, null, null), manifest, e.Message));
            }
        }
        return candidates;
    }

    /// <summary>
    /// The next snapshot: unchanged folders as they were; a newly loaded version unless one of its proof system ids is
    /// provided by another folder (folders kept as they were first, then the new ones in name order); a refused folder
    /// keeps the version it had, with the reason.
    /// </summary>
    private static Snapshot Resolve(Snapshot before, List<Candidate> candidates, out List<PluginReload> reloads, out List<LoadedPlugin> released)
    {
        reloads = [];
        released = [];
        var taken = new HashSet<string>(candidates.SelectMany(c => c.Kept?.Plugin?.ProofSystems ?? []).Select(s => s.Id), StringComparer.Ordinal);
        var folders = new List<FolderState>();
        foreach (var candidate in candidates)
        {
            if (candidate.Kept is { } kept)
            {
                folders.Add(kept);
                continue;
            }
            var examined = candidate.Examined!;
            string? error = candidate.Error;
            if (examined.Plugin is { } plugin && plugin.ProofSystems.FirstOrDefault(s => taken.Contains(s.Id)) is { } duplicate)
            {
                error = $"proof system '{duplicate.Id}' is already provided by another plugin";
                plugin.Dispose();
                examined = examined with { Plugin = null };
            }
            var previous = before.Folders.FirstOrDefault(f => f.Name == examined.Name);
            FolderState state;
            if (examined.Plugin is { } loaded)
            {
                foreach (var system in loaded.ProofSystems)
                {
                    taken.Add(system.Id);
                }
                state = examined with { Status = new ProofPluginStatus(examined.Name, loaded.Manifest.Id, loaded.Manifest.Version, true, null) };
                if (previous?.Plugin is { } replaced)
                {
                    released.Add(replaced);
                }
            }
            else if (previous?.Plugin is { } serving)
            {
                // Refused on reload: the version loaded before serves on, and the status says why the folder is not taken.
                state = examined with { Plugin = serving, Status = new ProofPluginStatus(examined.Name, serving.Manifest.Id, serving.Manifest.Version, true, error) };
            }
            else
            {
                state = examined with { Status = new ProofPluginStatus(examined.Name, candidate.Manifest?.Id, candidate.Manifest?.Version, false, error) };
            }
            folders.Add(state);
            reloads.Add(new PluginReload(state.Name, previous?.Status, state.Status));
        }
        foreach (var gone in before.Folders.Where(f => !candidates.Any(c => (c.Kept ?? c.Examined)!.Name == f.Name)))
        {
            if (gone.Plugin is { } plugin)
            {
                released.Add(plugin);
            }
            reloads.Add(new PluginReload(gone.Name, gone.Status, null));
        }
        return new Snapshot(folders);
    }

    /// <summary>The SHA-256 of every file of a folder (sub-folders too) with its relative path: what a change is.</summary>
    private static string? Fingerprint(string folder)
    {
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (string file in System.IO.Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file) + "\n"));
                hash.AppendData(Convert.FromHexString(PluginManifest.ComputeSha256(file)));
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Changing under our feet: examined again (a later change in the folder triggers another reload).
            return null;
        }
    }

    /// <summary>The proof system for a snarkjs protocol and curve name, or null.</summary>
    public IProofSystem? Find(string protocol, string curve) =>
        _current.ProofSystems.FirstOrDefault(s => s.Protocol == protocol && s.SupportsCurve(curve));

    /// <summary>The first loaded proof system for a protocol that can also prove, or null.</summary>
    public IProver? FindProver(string protocol) =>
        _current.ProofSystems.Where(s => s.Protocol == protocol).OfType<IProver>().FirstOrDefault();

    /// <summary>The default plugins directory: plugins/ next to the host binary.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>One plugin folder: the content last examined (its fingerprint), the version serving (if any), its status.</summary>
    private sealed record FolderState(string Name, string? Fingerprint, LoadedPlugin? Plugin, ProofPluginStatus? Status);

    /// <summary>A folder in a reload: kept as it was, or examined again (loaded, or refused with the reason).</summary>
    private sealed record Candidate(FolderState? Kept, FolderState? Examined, PluginManifest? Manifest, string? Error);

    /// <summary>What readers see: the folders, and derived from them the proof systems (in folder order) and the statuses.</summary>
    private sealed class Snapshot(IReadOnlyList<FolderState> folders)
    {
        public static readonly Snapshot Empty = new([]);

        public IReadOnlyList<FolderState> Folders { get; } = folders;

        public IReadOnlyList<IProofSystem> ProofSystems { get; } = [.. folders.SelectMany(f => f.Plugin?.ProofSystems ?? [])];

        public IReadOnlyList<ProofPluginStatus> Statuses { get; } = [.. folders.Select(f => f.Status!)];
    }
}
