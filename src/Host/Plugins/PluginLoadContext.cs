using System.Reflection;
using System.Runtime.Loader;

namespace CredentialHub.Host.Plugins;

/// <summary>
/// One load context per plugin, resolving the plugin's own dependencies from its deps.json. The contract
/// assembly is always taken from the host, so that types such as IProofSystem are the same on both sides.
/// </summary>
internal sealed class PluginLoadContext(string entryAssemblyPath, IReadOnlySet<string> sharedAssemblies)
    : AssemblyLoadContext(name: Path.GetFileNameWithoutExtension(entryAssemblyPath), isCollectible: false)
{
    private readonly AssemblyDependencyResolver _resolver = new(entryAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && sharedAssemblies.Contains(name))
        {
            return null;
        }
        string? path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
