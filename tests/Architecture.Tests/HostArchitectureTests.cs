using System.Reflection;

namespace CredentialHub.Architecture.Tests;

/// <summary>The rules of <see cref="ArchitectureRules"/> applied to the built host and its plugins folder.</summary>
public class HostArchitectureTests
{
    /// <summary>
    /// Public types of module implementations allowed to break the public-type rule (none today; the list may only
    /// shrink: an entry that no longer matches fails the test).
    /// </summary>
    private static readonly IReadOnlySet<string> KnownPublicTypeExceptions = new HashSet<string>(StringComparer.Ordinal);

    private static readonly Lazy<DependencyGraph> Graph = new(() => AssemblyGraphReader.Read(HostProcess.HostDirectory));

    [Fact]
    public void The_host_output_obeys_the_module_and_plugin_rules()
    {
        var violations = ArchitectureRules.Check(Graph.Value, KnownPublicTypeExceptions);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_graph_sees_the_host_the_modules_and_the_bundled_plugin()
    {
        var host = Graph.Value.HostAssemblies.Select(a => a.Name).ToList();
        Assert.Contains(ArchitectureRules.HostAssembly, host);
        Assert.Contains(ArchitectureRules.PluginContract, host);
        Assert.Contains(Graph.Value.Plugins, p => p.Name == "groth16-bn254");
    }

    [Fact]
    public void The_host_never_references_a_plugin_assembly()
    {
        var host = Assembly.LoadFile(Path.Combine(HostProcess.HostDirectory, "CredentialHub.Host.dll"));
        var references = host.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("CredentialHub.Groth16", references);
        Assert.DoesNotContain("CredentialHub.Bn254", references);
        Assert.Contains("CredentialHub.ProofSystems.Contracts", references);
    }

    [Fact]
    public void The_plugin_shares_only_the_contract_with_the_host_and_does_not_ship_a_copy_of_it()
    {
        string pluginDir = Path.Combine(HostProcess.HostDirectory, "plugins", "groth16-bn254");
        var plugin = Assembly.LoadFile(Path.Combine(pluginDir, "CredentialHub.Groth16.dll"));
        var ours = plugin.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("CredentialHub.", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(["CredentialHub.Bn254", "CredentialHub.ProofSystems.Contracts"], ours);
        Assert.False(File.Exists(Path.Combine(pluginDir, "CredentialHub.ProofSystems.Contracts.dll")));
    }
}
