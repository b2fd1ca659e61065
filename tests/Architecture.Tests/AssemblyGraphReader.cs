using System.Reflection;
using System.Runtime.Loader;

namespace CredentialHub.Architecture.Tests;

/// <summary>
/// Builds the <see cref="DependencyGraph"/> of a built host by plain reflection: every CredentialHub.*.dll in the host
/// output directory and in each plugins/&lt;folder&gt;, its <see cref="Assembly.GetReferencedAssemblies"/>, its exported
/// types, its library mark and its <c>InternalsVisibleTo</c> names. Each directory gets its own load context resolving from that directory, as the host's plugin loader does.
/// </summary>
internal static class AssemblyGraphReader
{
    internal static DependencyGraph Read(string hostDirectory)
    {
        var host = ReadDirectory(hostDirectory);
        string pluginsDirectory = Path.Combine(hostDirectory, "plugins");
        var plugins = Directory.Exists(pluginsDirectory)
            ? Directory.GetDirectories(pluginsDirectory).Order(StringComparer.Ordinal)
                .Select(folder => new PluginFolder(Path.GetFileName(folder), ReadDirectory(folder)))
                .ToList()
            : [];
        return new DependencyGraph(host, plugins);
    }

    private static List<AssemblyNode> ReadDirectory(string directory)
    {
        var context = new DirectoryLoadContext(directory);
        var nodes = new List<AssemblyNode>();
        foreach (string file in Directory.GetFiles(directory, ArchitectureRules.Prefix + "*.dll").Order(StringComparer.Ordinal))
        {
            var assembly = context.LoadFromAssemblyPath(file);
            var attributes = assembly.GetCustomAttributesData();
            nodes.Add(new AssemblyNode(
                assembly.GetName().Name!,
                assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList(),
                assembly.GetExportedTypes().Select(t => new PublicType(t.FullName!, t.Name, t.IsClass, t is { IsAbstract: true, IsSealed: true }, t.BaseType?.FullName)).ToList())
            {
                IsLibrary = attributes.Any(a => a.AttributeType.FullName == typeof(AssemblyMetadataAttribute).FullName
                    && a.ConstructorArguments is [{ Value: ArchitectureRules.LayerKey }, { Value: ArchitectureRules.LibraryLayer }]),
                InternalsVisibleTo = attributes
                    .Where(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.InternalsVisibleToAttribute")
                    .Select(a => ((string)a.ConstructorArguments[0].Value!).Split(',')[0].Trim())
                    .ToList(),
            });
        }
        return nodes;
    }

    /// <summary>Resolves an assembly from its directory first, then from the test process (the shared frameworks).</summary>
    private sealed class DirectoryLoadContext(string directory) : AssemblyLoadContext(name: "architecture-tests", isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
