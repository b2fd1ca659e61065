namespace CredentialHub.Architecture.Tests;

/// <summary>
/// What the architecture rules look at: the CredentialHub assemblies in the host's output directory and in each
/// plugin folder, each with the assembly names it references and its public types. Built from real assemblies by
/// <see cref="AssemblyGraphReader"/>, or by hand in the rule tests.
/// </summary>
internal sealed record DependencyGraph(IReadOnlyList<AssemblyNode> HostAssemblies, IReadOnlyList<PluginFolder> Plugins);

/// <summary>One plugins/&lt;folder&gt; and the CredentialHub assemblies it ships.</summary>
internal sealed record PluginFolder(string Name, IReadOnlyList<AssemblyNode> Assemblies);

/// <summary>An assembly: its simple name, the simple names of the assemblies it references, its public (exported) types.</summary>
internal sealed record AssemblyNode(string Name, IReadOnlyList<string> References, IReadOnlyList<PublicType> PublicTypes)
{
    internal AssemblyNode(string name, params string[] references)
        : this(name, references, [])
    {
    }

    /// <summary>
    /// Marked as a library (assembly metadata <see cref="ArchitectureRules.LayerKey"/> = <see cref="ArchitectureRules.LibraryLayer"/>,
    /// which src/Libraries/Directory.Build.props gives every project under src/Libraries).
    /// </summary>
    public bool IsLibrary { get; init; }

    /// <summary>The simple names of the assemblies its <c>InternalsVisibleTo</c> attributes name.</summary>
    public IReadOnlyList<string> InternalsVisibleTo { get; init; } = [];
}

/// <param name="FullName">Namespace and name, as reported in a violation.</param>
/// <param name="Name">The type's own name, which the naming rules look at.</param>
/// <param name="IsClass">A class as reflection reports it (records and delegates included; not interfaces, structs or enums).</param>
/// <param name="IsStatic">A static class.</param>
/// <param name="BaseType">The full name of its base type, if any.</param>
internal sealed record PublicType(string FullName, string Name, bool IsClass, bool IsStatic, string? BaseType = null);
