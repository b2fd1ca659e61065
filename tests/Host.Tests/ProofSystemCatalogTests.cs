using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Host.Tests;

/// <summary>
/// The plugin catalog in process, over folders made from the built plugins (Groth16 as the host bundles it, the
/// test-only Hashproof with a manifest written here): what is shared with the host and what is isolated, and reloading
/// (PLUGINS_RELOAD) — a changed folder loaded again and the old version unloaded, an unchanged one kept, a refused
/// update keeping the version before, a removed folder unloaded, and no reloading at all without PLUGINS_RELOAD.
/// </summary>
public sealed class ProofSystemCatalogTests : IDisposable
{
    private const string HashproofEntry = "CredentialHub.Hashproof.dll";

    private readonly TemporaryDirectory _plugins = new("credentialhub-catalog-plugins-");

    public void Dispose() => _plugins.Dispose();

    private static string HashproofBuild => Repository.Path("tests", "Plugins", "Hashproof", "bin", HostProcess.Configuration, "net10.0");

    /// <summary>Hashproof's build output in &lt;folder&gt;/ with its manifest (as the plugin-manifest command writes it).</summary>
    private string Hashproof(string folder, string version)
    {
        string target = Path.Combine(_plugins.Path, folder);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(HashproofBuild))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
        WriteManifest(folder, version, PluginManifest.ComputeSha256(Path.Combine(target, HashproofEntry)));
        return target;
    }

    private void WriteManifest(string folder, string version, string sha256) =>
        File.WriteAllText(Path.Combine(_plugins.Path, folder, PluginManifest.FileName),
            new PluginManifest("hashproof", version, ProofSystemContract.Version, HashproofEntry, sha256).ToJson());

    private void Groth16()
    {
        string source = Path.Combine(HostProcess.HostDirectory, "plugins", "groth16-bn254");
        string target = Path.Combine(_plugins.Path, "groth16-bn254");
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    [Fact]
    public void The_sdk_is_shared_with_the_host_and_a_plugins_own_dependencies_are_isolated_in_its_context()
    {
        Groth16();
        var catalog = ProofSystemCatalog.Load(_plugins.Path);

        var groth16 = Assert.Single(catalog.ProofSystems);
        Assert.Equal("groth16-bn254", groth16.Id);
        var context = AssemblyLoadContext.GetLoadContext(groth16.GetType().Assembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.False(context.IsCollectible);
        // One SDK: the interface the plugin implements is the host's.
        Assert.Contains(typeof(IProofSystem), groth16.GetType().GetInterfaces());
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(typeof(IProofSystem).Assembly));
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "CredentialHub.ProofSystems.Contracts");
        // Its own Bn254: resolved from its folder into its context, not the copy beside the host (which Credentials uses).
        var bn254 = context.LoadFromAssemblyName(new System.Reflection.AssemblyName("CredentialHub.Bn254"));
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(bn254));
        Assert.Equal(Path.Combine(_plugins.Path, "groth16-bn254", "CredentialHub.Bn254.dll"), bn254.Location);
        Assert.NotSame(AssemblyLoadContext.Default.LoadFromAssemblyName(new System.Reflection.AssemblyName("CredentialHub.Bn254")), bn254);
    }

    [Fact]
    public void With_reload_a_changed_folder_is_loaded_again_and_its_old_version_unloaded_while_an_unchanged_one_stays()
    {
        Groth16();
        Hashproof("hashproof", "1.0.0");
        var catalog = ProofSystemCatalog.Load(_plugins.Path, reloadable: true);
        int changes = 0;
        catalog.Changed += () => changes++;
        var groth16 = catalog.Find("groth16", "bn128")!;
        var (oldContext, oldVersion) = HashproofContext(catalog);
        Assert.Equal("1.0.0", oldVersion);

        Assert.Empty(catalog.Reload());
        Assert.Equal(0, changes);

        WriteManifest("hashproof", "2.0.0", PluginManifest.ComputeSha256(Path.Combine(_plugins.Path, "hashproof", HashproofEntry)));
        var reload = Assert.Single(catalog.Reload());

        Assert.Equal(1, changes);
        Assert.Equal("hashproof", reload.Folder);
        Assert.Equal(new ProofPluginStatus("hashproof", "hashproof", "1.0.0", true, null), reload.Before);
        Assert.Equal(new ProofPluginStatus("hashproof", "hashproof", "2.0.0", true, null), reload.After);
        Assert.Equal(["groth16-bn254", "hashproof"], catalog.ProofSystems.Select(s => s.Id));
        Assert.Equal(reload.After, catalog.Plugins.Single(p => p.Folder == "hashproof"));
        Assert.Same(groth16, catalog.Find("groth16", "bn128"));
        var newContext = AssemblyLoadContext.GetLoadContext(catalog.Find("hashproof", "none")!.GetType().Assembly)!;
        Assert.True(newContext.IsCollectible);
        Assert.True(Unloaded(oldContext), "the replaced version's load context is still alive");
    }

    [Fact]
    public void With_reload_a_refused_update_keeps_the_version_before_serving_and_says_why()
    {
        Hashproof("hashproof", "1.0.0");
        var catalog = ProofSystemCatalog.Load(_plugins.Path, reloadable: true);
        int changes = 0;
        catalog.Changed += () => changes++;
        var serving = catalog.Find("hashproof", "none");
        string wrong = new('0', 64);
        string actual = PluginManifest.ComputeSha256(Path.Combine(_plugins.Path, "hashproof", HashproofEntry));

        WriteManifest("hashproof", "2.0.0", wrong);
        var reload = Assert.Single(catalog.Reload());

        string reason = $"entry assembly {HashproofEntry} has SHA-256 {actual}, the manifest says {wrong}";
        Assert.Equal(new ProofPluginStatus("hashproof", "hashproof", "1.0.0", true, reason), reload.After);
        Assert.Equal(reload.After, Assert.Single(catalog.Plugins));
        Assert.Same(serving, catalog.Find("hashproof", "none"));
        Assert.Equal(0, changes);
        // The same content again is not examined again; corrected, it is loaded.
        Assert.Empty(catalog.Reload());
        WriteManifest("hashproof", "2.0.0", actual);
        Assert.Equal(new ProofPluginStatus("hashproof", "hashproof", "2.0.0", true, null), Assert.Single(catalog.Reload()).After);
        Assert.NotSame(serving, catalog.Find("hashproof", "none"));
        Assert.Equal(1, changes);
    }

    [Fact]
    public void With_reload_a_folder_skipped_at_start_is_loaded_once_it_passes_and_a_removed_one_is_unloaded()
    {
        Hashproof("hashproof", "1.0.0");
        File.Delete(Path.Combine(_plugins.Path, "hashproof", HashproofEntry));
        var catalog = ProofSystemCatalog.Load(_plugins.Path, reloadable: true);
        int changes = 0;
        catalog.Changed += () => changes++;
        Assert.Equal(new ProofPluginStatus("hashproof", "hashproof", "1.0.0", false, $"entry assembly {HashproofEntry} is missing"), Assert.Single(catalog.Plugins));
        Assert.Empty(catalog.ProofSystems);

        Hashproof("hashproof", "1.0.0");
        var loaded = Assert.Single(catalog.Reload());
        Assert.False(loaded.Before!.Loaded);
        Assert.True(loaded.After!.Loaded);
        Assert.Equal(["hashproof"], Ids(catalog));
        Assert.Equal(1, changes);

        var (context, _) = HashproofContext(catalog);
        Directory.Delete(Path.Combine(_plugins.Path, "hashproof"), recursive: true);
        var removed = Assert.Single(catalog.Reload());
        Assert.Null(removed.After);
        Assert.Empty(catalog.ProofSystems);
        Assert.Empty(catalog.Plugins);
        Assert.Equal(2, changes);
        Assert.True(Unloaded(context), "the removed plugin's load context is still alive");
    }

    [Fact]
    public void With_reload_a_new_version_may_not_take_an_id_another_folder_provides()
    {
        Hashproof("a", "1.0.0");
        Hashproof("b", "1.0.0");
        var catalog = ProofSystemCatalog.Load(_plugins.Path, reloadable: true);
        Assert.Equal(new ProofPluginStatus("b", "hashproof", "1.0.0", false, "proof system 'hashproof' is already provided by another plugin"), catalog.Plugins[1]);
        var serving = catalog.Find("hashproof", "none");

        WriteManifest("b", "2.0.0", PluginManifest.ComputeSha256(Path.Combine(_plugins.Path, "b", HashproofEntry)));
        Assert.Equal(new ProofPluginStatus("b", "hashproof", "2.0.0", false, "proof system 'hashproof' is already provided by another plugin"), Assert.Single(catalog.Reload()).After);
        Assert.Same(serving, catalog.Find("hashproof", "none"));
    }

    [Fact]
    public void Without_reload_plugins_are_loaded_for_good()
    {
        Hashproof("hashproof", "1.0.0");
        var catalog = ProofSystemCatalog.Load(_plugins.Path);
        Assert.False(catalog.Reloadable);
        Assert.False(AssemblyLoadContext.GetLoadContext(catalog.Find("hashproof", "none")!.GetType().Assembly)!.IsCollectible);
        var error = Assert.Throws<InvalidOperationException>(() => catalog.Reload());
        Assert.Contains("PLUGINS_RELOAD=true", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A weak reference to the load context of the catalog's hashproof, and its version (no strong reference left behind).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Context, string? Version) HashproofContext(ProofSystemCatalog catalog) =>
        (new WeakReference(AssemblyLoadContext.GetLoadContext(catalog.Find("hashproof", "none")!.GetType().Assembly)),
            catalog.Plugins.Single(p => p.Id == "hashproof" && p.Loaded).Version);

    /// <summary>The ids of the catalog's proof systems (no reference to one left in the caller's frame).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<string> Ids(ProofSystemCatalog catalog) => [.. catalog.ProofSystems.Select(s => s.Id)];

    /// <summary>Whether a load context is collected within a few garbage collections (unloading is cooperative).</summary>
    private static bool Unloaded(WeakReference context)
    {
        for (int i = 0; i < 20 && context.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return !context.IsAlive;
    }
}
