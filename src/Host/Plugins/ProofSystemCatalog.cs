using System.Reflection;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Plugins;

/// <summary>
/// Discovers proof-system plugins: every sub-folder of the plugins directory that holds a plugin.json.
/// Before an entry assembly is loaded its SHA-256 is checked against the manifest. A plugin that cannot be
/// loaded is skipped with its reason (kept for /health and the log); the others load regardless.
/// </summary>
internal sealed class ProofSystemCatalog : IProofSystemCatalog
{
    private static readonly IReadOnlySet<string> SharedAssemblies = new HashSet<string>(StringComparer.Ordinal)
    {
        typeof(IProofSystem).Assembly.GetName().Name!,
    };

    private readonly List<IProofSystem> _systems = [];
    private readonly List<ProofPluginStatus> _statuses = [];

    public IReadOnlyList<IProofSystem> ProofSystems => _systems;
    public IReadOnlyList<ProofPluginStatus> Plugins => _statuses;
    public string Directory { get; }

    private ProofSystemCatalog(string directory)
    {
        Directory = directory;
    }

    public static ProofSystemCatalog Load(string directory)
    {
        var catalog = new ProofSystemCatalog(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            return catalog;
        }
        foreach (string folder in System.IO.Directory.GetDirectories(directory).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(folder, PluginManifest.FileName)))
            {
                catalog.LoadFolder(folder);
            }
        }
        return catalog;
    }

    private void LoadFolder(string folder)
    {
        string name = Path.GetFileName(folder);
        PluginManifest? manifest = null;
        try
        {
            manifest = PluginManifest.Read(Path.Combine(folder, PluginManifest.FileName));
            if (manifest.ContractVersion != ProofSystemContract.Version)
            {
                throw new PluginLoadException($"built for contract version {manifest.ContractVersion}, the host offers {ProofSystemContract.Version}");
            }
            string entry = Path.Combine(folder, manifest.EntryAssembly);
            if (!File.Exists(entry))
            {
                throw new PluginLoadException($"entry assembly {manifest.EntryAssembly} is missing");
            }
            string sha256 = PluginManifest.ComputeSha256(entry);
            if (sha256 != manifest.Sha256)
            {
                throw new PluginLoadException($"entry assembly {manifest.EntryAssembly} has SHA-256 {sha256}, the manifest says {manifest.Sha256}");
            }
            var context = new PluginLoadContext(entry, SharedAssemblies);
            Assembly assembly = context.LoadFromAssemblyPath(entry);
            var found = assembly.GetExportedTypes()
                .Where(t => typeof(IProofSystem).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
                .Select(t => (IProofSystem)Activator.CreateInstance(t)!)
                .ToList();
            if (found.Count == 0)
            {
                throw new PluginLoadException($"{manifest.EntryAssembly} exports no public {nameof(IProofSystem)} with a parameterless constructor");
            }
            foreach (var system in found)
            {
                if (_systems.Any(s => s.Id == system.Id))
                {
                    throw new PluginLoadException($"proof system '{system.Id}' is already provided by another plugin");
                }
            }
            _systems.AddRange(found);
            _statuses.Add(new ProofPluginStatus(name, manifest.Id, manifest.Version, true, null));
        }
        catch (Exception e) when (e is PluginLoadException or IOException or BadImageFormatException or ReflectionTypeLoadException or TypeLoadException or FileLoadException or UnauthorizedAccessException)
        {
            _statuses.Add(new ProofPluginStatus(name, manifest?.Id, manifest?.Version, false, e.Message));
        }
    }

    /// <summary>The proof system for a snarkjs protocol and curve name, or null.</summary>
    public IProofSystem? Find(string protocol, string curve) =>
        _systems.FirstOrDefault(s => s.Protocol == protocol && s.SupportsCurve(curve));

    /// <summary>The first loaded proof system for a protocol that can also prove, or null.</summary>
    public IProver? FindProver(string protocol) =>
        _systems.Where(s => s.Protocol == protocol).OfType<IProver>().FirstOrDefault();

    /// <summary>The default plugins directory: plugins/ next to the host binary.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");
}
