using System.Reflection;
using CredentialHub.ProofSystems.Contracts;
using McMaster.NETCore.Plugins;

namespace CredentialHub.Host.Plugins;

/// <summary>
/// One version of a plugin folder, loaded: its checked manifest, the load context McMaster's
/// <see cref="PluginLoader"/> made for it and the proof systems its entry assembly exports. The SDK
/// (<see cref="SharedTypes"/>, all in CredentialHub.ProofSystems.Contracts) is taken from the host, so that
/// <see cref="IProofSystem"/> is one type on both sides; every other assembly the plugin uses (CredentialHub.Bn254 for
/// Groth16) is resolved from the plugin's own deps.json and folder, isolated from the host's copy.
/// <para>
/// Unloadable (PLUGINS_RELOAD): the context is collectible and every assembly is read into memory, the whole reference
/// closure of the entry assembly at once, so that files replaced on disk later never mix into this version and an
/// unloading context never has to load anything; <see cref="Dispose"/> starts the unload, which completes once nothing
/// made by the plugin is referenced any more.
/// </para>
/// </summary>
internal sealed class LoadedPlugin : IDisposable
{
    /// <summary>The SDK types that cross between the host and a plugin; their assembly is the one assembly both share.</summary>
    internal static readonly Type[] SharedTypes =
        [typeof(IProofSystem), typeof(IProver), typeof(IProvingKey), typeof(IVerificationKey), typeof(IBatchVerifier), typeof(Witness), typeof(IProof)];

    private readonly PluginLoader _loader;

    private LoadedPlugin(PluginManifest manifest, PluginLoader loader, IReadOnlyList<IProofSystem> proofSystems)
    {
        Manifest = manifest;
        _loader = loader;
        ProofSystems = proofSystems;
    }

    public PluginManifest Manifest { get; }

    public IReadOnlyList<IProofSystem> ProofSystems { get; }

    /// <summary>
    /// Checks a folder's manifest (<see cref="PluginManifest.Read"/>) before anything of the plugin is loaded: for this
    /// host's contract version, naming an entry assembly that exists and has the manifest's SHA-256. Throws
    /// <see cref="PluginLoadException"/> naming the check that failed.
    /// </summary>
    public static void Check(string folder, PluginManifest manifest)
    {
        if (manifest.ContractVersion != ProofSystemContract.Version)
        {
            throw new PluginLoadException($"built for contract version {manifest.ContractVersion}, the host offers {ProofSystemContract.Version}: "
                + "rebuild the plugin against this host's CredentialHub.ProofSystems.Contracts and write its manifest again (plugin-manifest)");
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
    }

    /// <summary>
    /// Loads the entry assembly of a folder whose manifest passed <see cref="Check"/> and creates every public
    /// <see cref="IProofSystem"/> it exports (parameterless constructors). Throws <see cref="PluginLoadException"/> when
    /// there is none or one cannot be created; the load context is released then.
    /// </summary>
    public static LoadedPlugin Load(string folder, PluginManifest manifest, bool unloadable)
    {
        string entry = Path.GetFullPath(Path.Combine(folder, manifest.EntryAssembly));
        var loader = PluginLoader.CreateFromAssemblyFile(entry, SharedTypes, config =>
        {
            config.IsUnloadable = unloadable;
            config.LoadInMemory = unloadable;
        });
        try
        {
            Assembly assembly = loader.LoadDefaultAssembly();
            if (unloadable)
            {
                LoadReferenceClosure(loader, assembly);
            }
            var found = assembly.GetExportedTypes()
                .Where(t => typeof(IProofSystem).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
                .Select(Create)
                .ToList();
            if (found.Count == 0)
            {
                throw new PluginLoadException($"{manifest.EntryAssembly} exports no public {nameof(IProofSystem)} with a parameterless constructor");
            }
            return new LoadedPlugin(manifest, loader, found);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    private static IProofSystem Create(Type type)
    {
        try
        {
            return (IProofSystem)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new PluginLoadException($"{type.FullName} could not be created: its constructor threw {inner.GetType().Name}: {inner.Message}");
        }
    }

    /// <summary>
    /// Resolves, through the plugin's context, every assembly referenced by an assembly of that context (the entry
    /// assembly and, transitively, the plugin's own dependencies): the plugin's files are read now, and the shared and
    /// framework assemblies it binds to are bound now.
    /// </summary>
    private static void LoadReferenceClosure(PluginLoader loader, Assembly entry)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { entry.GetName().Name! };
        var pending = new Queue<Assembly>([entry]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && seen.Add(name))
                {
                    var resolved = loader.LoadAssembly(reference);
                    if (System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(resolved) == loader.LoadContext)
                    {
                        pending.Enqueue(resolved);
                    }
                }
            }
        }
    }

    /// <summary>Starts unloading this version (an unloadable one; else nothing happens).</summary>
    public void Dispose() => _loader.Dispose();
}
