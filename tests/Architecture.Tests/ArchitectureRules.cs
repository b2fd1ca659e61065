namespace CredentialHub.Architecture.Tests;

/// <summary>
/// The module and plugin boundaries of ARCHITECTURE.md as a pure function over a <see cref="DependencyGraph"/>.
/// Only CredentialHub.* names take part. Modules are discovered by name: CredentialHub.&lt;M&gt;.Contracts makes &lt;M&gt;
/// a module and CredentialHub.&lt;M&gt; its implementation. Libraries are a fixed list (<see cref="Libraries"/>): plain code
/// shared by modules and plugins, which may ship both in the host output and in a plugin folder.
/// <list type="bullet">
/// <item>a module implementation may reference any module's Contracts and the libraries, but no other module's
/// implementation and no assembly that ships in plugins/ unless it is a library;</item>
/// <item>a Contracts assembly may reference only Contracts assemblies (no library);</item>
/// <item>a library may reference only other libraries;</item>
/// <item>the host may reference module implementations and Contracts, never a library nor an assembly that ships in
/// plugins/;</item>
/// <item>a plugin assembly may reference CredentialHub.ProofSystems.Contracts and its own folder's assemblies only, and the
/// folder must not ship a copy of CredentialHub.ProofSystems.Contracts;</item>
/// <item>a module implementation's public types are static registrars named *Module and classes named *Options.</item>
/// </list>
/// </summary>
internal static class ArchitectureRules
{
    internal const string Prefix = "CredentialHub.";
    internal const string HostAssembly = "CredentialHub.Host";
    internal const string PluginContract = "CredentialHub.ProofSystems.Contracts";
    private const string ContractsSuffix = ".Contracts";

    /// <summary>The libraries: module implementations may use them; the host and Contracts assemblies may not.</summary>
    internal static readonly IReadOnlySet<string> Libraries = new HashSet<string>(StringComparer.Ordinal) { "CredentialHub.Bn254", "CredentialHub.Storage" };

    /// <summary>
    /// Every broken rule, one message each naming the assemblies or type at fault; empty when the graph obeys them.
    /// <paramref name="allowedPublicTypes"/> are full type names exempt from the public-type rule; an exemption that
    /// no longer matches a public type is reported too, so that the list only ever shrinks.
    /// </summary>
    internal static IReadOnlyList<string> Check(DependencyGraph graph, IReadOnlySet<string> allowedPublicTypes)
    {
        var violations = new List<string>();
        var allNames = graph.HostAssemblies.Concat(graph.Plugins.SelectMany(p => p.Assemblies))
            .SelectMany(a => a.References.Append(a.Name))
            .Where(IsOurs)
            .ToHashSet(StringComparer.Ordinal);
        var implementations = allNames.Where(IsContracts)
            .Select(c => c[..^ContractsSuffix.Length])
            .ToHashSet(StringComparer.Ordinal);
        var shippedInPlugins = graph.Plugins.SelectMany(p => p.Assemblies).Select(a => a.Name)
            .Where(n => n != PluginContract)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var assembly in graph.HostAssemblies.Where(a => IsOurs(a.Name)))
        {
            var references = assembly.References.Where(IsOurs).Distinct().Order(StringComparer.Ordinal).ToList();
            if (assembly.Name == HostAssembly)
            {
                foreach (string reference in references)
                {
                    if (Libraries.Contains(reference))
                    {
                        violations.Add($"{HostAssembly} references the library {reference}: only module implementations may use a library");
                    }
                    else if (shippedInPlugins.Contains(reference))
                    {
                        violations.Add($"{HostAssembly} references {reference}, which ships in plugins/: the host reaches plugins through {PluginContract} only");
                    }
                    else if (!IsContracts(reference) && !implementations.Contains(reference))
                    {
                        violations.Add($"{HostAssembly} references {reference}, which is neither a module implementation nor a Contracts assembly");
                    }
                }
            }
            else if (IsContracts(assembly.Name))
            {
                foreach (string reference in references.Where(r => !IsContracts(r)))
                {
                    violations.Add($"{assembly.Name} references {reference}: a Contracts assembly may reference only other Contracts assemblies");
                }
            }
            else if (implementations.Contains(assembly.Name))
            {
                foreach (string reference in references.Where(r => r != assembly.Name && implementations.Contains(r)))
                {
                    violations.Add($"{assembly.Name} references the implementation of another module, {reference}: reference {reference}{ContractsSuffix} instead");
                }
                foreach (string reference in references.Where(r => shippedInPlugins.Contains(r) && !Libraries.Contains(r)))
                {
                    violations.Add($"{assembly.Name} references {reference}, which ships in plugins/ and is not a library: a module reaches plugins through {PluginContract} only");
                }
                foreach (var type in assembly.PublicTypes.Where(t => !allowedPublicTypes.Contains(t.FullName) && !MayBePublic(t)))
                {
                    violations.Add($"{assembly.Name}: public type {type.FullName} must be internal (a module implementation makes public only static *Module registrars and *Options classes)");
                }
            }
            else if (Libraries.Contains(assembly.Name))
            {
                foreach (string reference in references.Where(r => !Libraries.Contains(r)))
                {
                    violations.Add($"{assembly.Name} references {reference}: a library may reference only other libraries ({string.Join(", ", Libraries.Order(StringComparer.Ordinal))})");
                }
            }
            else
            {
                violations.Add($"{assembly.Name} in the host output is neither the host, a Contracts assembly, a module implementation nor a library (there is no {assembly.Name}{ContractsSuffix})");
            }
        }

        foreach (var folder in graph.Plugins)
        {
            var own = folder.Assemblies.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
            if (own.Contains(PluginContract))
            {
                violations.Add($"plugins/{folder.Name} ships a copy of {PluginContract}.dll: the contract must come from the host (reference it with Private=false and ExcludeAssets=runtime)");
            }
            foreach (var assembly in folder.Assemblies.Where(a => a.Name != PluginContract))
            {
                foreach (string reference in assembly.References.Where(IsOurs).Distinct().Order(StringComparer.Ordinal))
                {
                    if (reference != PluginContract && !own.Contains(reference))
                    {
                        violations.Add($"plugins/{folder.Name}/{assembly.Name} references {reference}: a plugin may reference {PluginContract} and the assemblies of its own folder only");
                    }
                }
            }
        }

        var publicTypes = graph.HostAssemblies.Where(a => implementations.Contains(a.Name))
            .SelectMany(a => a.PublicTypes)
            .Select(t => t.FullName)
            .ToHashSet(StringComparer.Ordinal);
        foreach (string stale in allowedPublicTypes.Where(t => !publicTypes.Contains(t)).Order(StringComparer.Ordinal))
        {
            violations.Add($"{stale} is on the list of allowed public types but is no longer a public type of a module implementation: remove it from the list");
        }
        return violations;
    }

    private static bool IsOurs(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    private static bool IsContracts(string name) =>
        IsOurs(name) && name.EndsWith(ContractsSuffix, StringComparison.Ordinal) && name.Length > Prefix.Length + ContractsSuffix.Length;

    private static bool MayBePublic(PublicType type) =>
        (type.IsStatic && type.Name.EndsWith("Module", StringComparison.Ordinal))
        || (type.IsClass && type.Name.EndsWith("Options", StringComparison.Ordinal));
}
