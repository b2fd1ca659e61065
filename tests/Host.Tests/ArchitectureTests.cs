using System.Reflection;

namespace CredentialHub.Host.Tests;

/// <summary>Module boundaries, checked by reflection over assembly references.</summary>
public class ArchitectureTests
{
    [Fact]
    public void The_host_never_references_a_plugin_assembly()
    {
        var host = typeof(CredentialHub.Host.HostConfiguration).Assembly;
        var references = host.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("CredentialHub.Groth16", references);
        Assert.DoesNotContain("CredentialHub.Bn254", references);
        Assert.Contains("CredentialHub.Proofs.Contracts", references);
    }

    [Fact]
    public void The_plugin_shares_only_the_contract_with_the_host_and_does_not_ship_a_copy_of_it()
    {
        string pluginDir = Path.Combine(HostProcess.HostDirectory, "plugins", "groth16-bn254");
        var plugin = Assembly.LoadFile(Path.Combine(pluginDir, "CredentialHub.Groth16.dll"));
        var ours = plugin.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("CredentialHub.", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(["CredentialHub.Bn254", "CredentialHub.Proofs.Contracts"], ours);
        Assert.False(File.Exists(Path.Combine(pluginDir, "CredentialHub.Proofs.Contracts.dll")));
    }
}
