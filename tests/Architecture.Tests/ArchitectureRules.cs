namespace CredentialHub.Architecture.Tests;

/// <summary>
/// The module and plugin boundaries of docs/architecture.md as a pure function over a <see cref="DependencyGraph"/>.
/// Only CredentialHub.* names take part. Modules are discovered by name: CredentialHub.&lt;M&gt;.Contracts makes &lt;M&gt;
/// a module and CredentialHub.&lt;M&gt; its implementation. Libraries are discovered by convention: every project under
/// src/Libraries carries the assembly metadata <see cref="LayerKey"/> = <see cref="LibraryLayer"/> (plain code shared by
/// the host, modules and plugins, which may ship both in the host output and in a plugin folder).
/// <list type="bullet">
/// <item>a module implementation may reference any module's Contracts and the libraries, but no other module's
/// implementation and no assembly that ships in plugins/ unless it is a library;</item>
/// <item>a Contracts assembly may reference only Contracts assemblies (no library), contracts point one way (no cycle
/// among them), and the plugin contract <see cref="PluginContract"/> references none of ours;</item>
/// <item>a library may reference only other libraries and the plugin contract <see cref="PluginContract"/> (which
/// references none of ours, so no layer is crossed: the command-line library builds its verbs on it);</item>
/// <item>the host may reference module implementations, Contracts and libraries, never an assembly that ships in
/// plugins/ unless it is a library;</item>
/// <item>a plugin assembly may reference <see cref="PluginContract"/> and its own folder's assemblies only, and the
/// folder must not ship a copy of <see cref="PluginContract"/>;</item>
/// <item>a module implementation's public types are static registrars named *Module and classes named *Options (and
/// the EF Core migrations, which <c>dotnet ef migrations add</c> writes public: <see cref="GeneratedMigration"/>);</item>
/// <item>an assembly's internals are visible only to its own tests (CredentialHub.&lt;M&gt;.Tests for the assembly
/// CredentialHub.&lt;M&gt; and for CredentialHub.&lt;M&gt;.Contracts) and to <see cref="Benchmarks"/>.</item>
/// </list>
/// </summary>
internal static class ArchitectureRules
{
    internal const string Prefix = "CredentialHub.";
    internal const string HostAssembly = "CredentialHub.Host";
    internal const string PluginContract = "CredentialHub.ProofSystems.Contracts";
    private const string ContractsSuffix = ".Contracts";

    internal const string Benchmarks = "CredentialHub.Benchmarks";
    internal const string TestsSuffix = ".Tests";

    /// <summary>The assembly metadata key and value that mark a library (set by src/Libraries/Directory.Build.props).</summary>
    internal const string LayerKey = "CredentialHub.Layer";
    internal const string LibraryLayer = "Library";

    /// <summary>The base class of an EF Core migration, which the tools generate as a public class.</summary>
    internal const string GeneratedMigration = "Microsoft.EntityFrameworkCore.Migrations.Migration";

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
        var libraries = graph.HostAssemblies.Concat(graph.Plugins.SelectMany(p => p.Assemblies))
            .Where(a => a.IsLibrary)
            .Select(a => a.Name)
            .ToHashSet(StringComparer.Ordinal);

        foreach (var assembly in graph.HostAssemblies.Where(a => IsOurs(a.Name)))
        {
            var references = assembly.References.Where(IsOurs).Distinct().Order(StringComparer.Ordinal).ToList();
            if (assembly.Name == HostAssembly)
            {
                foreach (string reference in references)
                {
                    if (libraries.Contains(reference))
                    {
                        continue;
                    }
                    if (shippedInPlugins.Contains(reference))
                    {
                        violations.Add($"{HostAssembly} references {reference}, which ships in plugins/: the host reaches plugins through {PluginContract} only");
                    }
                    else if (!IsContracts(reference) && !implementations.Contains(reference))
                    {
                        violations.Add($"{HostAssembly} references {reference}, which is neither a module implementation, a Contracts assembly nor a library");
                    }
                }
            }
            else if (IsContracts(assembly.Name))
            {
                foreach (string reference in references.Where(r => !IsContracts(r)))
                {
                    violations.Add($"{assembly.Name} references {reference}: a Contracts assembly may reference only other Contracts assemblies");
                }
                if (assembly.Name == PluginContract)
                {
                    foreach (string reference in references.Where(IsContracts))
                    {
                        violations.Add($"{PluginContract} references {reference}: the plugin contract stands alone (plugins compile against it only), so it references none of ours");
                    }
                }
            }
            else if (implementations.Contains(assembly.Name))
            {
                foreach (string reference in references.Where(r => r != assembly.Name && implementations.Contains(r)))
                {
                    violations.Add($"{assembly.Name} references the implementation of another module, {reference}: reference {reference}{ContractsSuffix} instead");
                }
                foreach (string reference in references.Where(r => shippedInPlugins.Contains(r) && !libraries.Contains(r)))
                {
                    violations.Add($"{assembly.Name} references {reference}, which ships in plugins/ and is not a library: a module reaches plugins through {PluginContract} only");
                }
                foreach (var type in assembly.PublicTypes.Where(t => !allowedPublicTypes.Contains(t.FullName) && !MayBePublic(t)))
                {
                    violations.Add($"{assembly.Name}: public type {type.FullName} must be internal (a module implementation makes public only static *Module registrars and *Options classes)");
                }
            }
            else if (libraries.Contains(assembly.Name))
            {
                foreach (string reference in references.Where(r => !libraries.Contains(r) && r != PluginContract))
                {
                    violations.Add($"{assembly.Name} references {reference}: a library may reference only other libraries ({string.Join(", ", libraries.Order(StringComparer.Ordinal))}) and {PluginContract}");
                }
            }
            else
            {
                violations.Add($"{assembly.Name} in the host output is neither the host, a Contracts assembly, a module implementation nor a library (there is no {assembly.Name}{ContractsSuffix}, and it is not marked {LayerKey}={LibraryLayer}: put a library under src/Libraries)");
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

        violations.AddRange(ContractCycles(graph.HostAssemblies.Where(a => IsContracts(a.Name)).ToList()));

        foreach (var assembly in graph.HostAssemblies.Concat(graph.Plugins.SelectMany(p => p.Assemblies)).Where(a => IsOurs(a.Name)).DistinctBy(a => a.Name))
        {
            string owner = IsContracts(assembly.Name) ? assembly.Name[..^ContractsSuffix.Length] : assembly.Name;
            foreach (string friend in assembly.InternalsVisibleTo.Distinct().Order(StringComparer.Ordinal))
            {
                if (friend != owner + TestsSuffix && friend != Benchmarks)
                {
                    violations.Add($"{assembly.Name} makes its internals visible to {friend}: only its own tests ({owner}{TestsSuffix}) and {Benchmarks} may see them; test another assembly's code in that assembly's tests or through its public surface");
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

    /// <summary>One violation per cycle among the Contracts assemblies (contracts must point one way).</summary>
    private static IEnumerable<string> ContractCycles(IReadOnlyList<AssemblyNode> contracts)
    {
        var edges = contracts.ToDictionary(
            c => c.Name,
            c => c.References.Where(r => r != c.Name && IsContracts(r)).Distinct().Order(StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string>();

        void Visit(string name)
        {
            int at = path.IndexOf(name);
            if (at >= 0)
            {
                var cycle = path[at..];
                string key = string.Join(",", cycle.Order(StringComparer.Ordinal));
                if (reported.Add(key))
                {
                    cycles.Add($"Contracts reference each other in a cycle: {string.Join(" → ", cycle.Append(name))}: contracts must point one way");
                }
                return;
            }
            if (done.Contains(name) || !edges.TryGetValue(name, out var next))
            {
                return;
            }
            path.Add(name);
            foreach (string reference in next)
            {
                Visit(reference);
            }
            path.RemoveAt(path.Count - 1);
            done.Add(name);
        }

        foreach (string name in edges.Keys.Order(StringComparer.Ordinal))
        {
            Visit(name);
        }
        return cycles;
    }

    private static bool IsOurs(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    private static bool IsContracts(string name) =>
        IsOurs(name) && name.EndsWith(ContractsSuffix, StringComparison.Ordinal) && name.Length > Prefix.Length + ContractsSuffix.Length;

    private static bool MayBePublic(PublicType type) =>
        (type.IsStatic && type.Name.EndsWith("Module", StringComparison.Ordinal))
        || (type.IsClass && type.Name.EndsWith("Options", StringComparison.Ordinal))
        || (type.IsClass && type.BaseType == GeneratedMigration);
}
