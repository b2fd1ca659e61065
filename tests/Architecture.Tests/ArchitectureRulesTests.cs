namespace CredentialHub.Architecture.Tests;

/// <summary>
/// Each rule of <see cref="ArchitectureRules"/> on synthetic graphs: a graph shaped like the real one passes, and
/// breaking one rule yields exactly one violation naming the culprit.
/// </summary>
public class ArchitectureRulesTests
{
    private static readonly IReadOnlySet<string> NoExceptions = new HashSet<string>();

    private static PublicType Registrar(string fullName) => new(fullName, fullName[(fullName.LastIndexOf('.') + 1)..], IsClass: true, IsStatic: true);

    private static PublicType Class(string fullName) => new(fullName, fullName[(fullName.LastIndexOf('.') + 1)..], IsClass: true, IsStatic: false);

    private static PublicType Interface(string fullName) => new(fullName, fullName[(fullName.LastIndexOf('.') + 1)..], IsClass: false, IsStatic: false);

    private static readonly AssemblyNode Circuits = new("CredentialHub.Circuits",
        ["CredentialHub.Circuits.Contracts", "CredentialHub.ProofSystems.Contracts", "System.Runtime"],
        [Registrar("CredentialHub.Circuits.CircuitsModule"), Class("CredentialHub.Circuits.CircuitsModuleOptions")]);

    /// <summary>A graph shaped like today's host: two modules (one without its implementation in the output) and Groth16.</summary>
    private static readonly DependencyGraph Valid = new(
        [
            new AssemblyNode("CredentialHub.Host", "CredentialHub.Circuits", "CredentialHub.Circuits.Contracts", "CredentialHub.ProofSystems.Contracts", "Microsoft.AspNetCore"),
            Circuits,
            new AssemblyNode("CredentialHub.Circuits.Contracts", "CredentialHub.ProofSystems.Contracts", "System.Runtime"),
            new AssemblyNode("CredentialHub.ProofSystems.Contracts", "System.Runtime"),
        ],
        [
            new PluginFolder("groth16-bn254",
            [
                new AssemblyNode("CredentialHub.Groth16", "CredentialHub.Bn254", "CredentialHub.ProofSystems.Contracts", "System.Runtime"),
                Library("CredentialHub.Bn254", "System.Runtime"),
            ]),
        ]);

    /// <summary>An assembly marked as a library, as every project under src/Libraries is.</summary>
    private static AssemblyNode Library(string name, params string[] references) => new(name, references) { IsLibrary = true };

    private static DependencyGraph WithHost(params AssemblyNode[] extra) => Valid with { HostAssemblies = [.. Valid.HostAssemblies, .. extra] };

    private static DependencyGraph Replacing(AssemblyNode node) => ReplacingIn(Valid, node);

    private static DependencyGraph ReplacingIn(DependencyGraph graph, AssemblyNode node) =>
        graph with { HostAssemblies = [.. graph.HostAssemblies.Select(a => a.Name == node.Name ? node : a)] };

    private static DependencyGraph WithPlugin(PluginFolder folder) => Valid with { Plugins = [.. Valid.Plugins, folder] };

    private static string Single(DependencyGraph graph, IReadOnlySet<string>? exceptions = null) =>
        Assert.Single(ArchitectureRules.Check(graph, exceptions ?? NoExceptions));

    [Fact]
    public void A_graph_shaped_like_the_host_passes()
    {
        Assert.Empty(ArchitectureRules.Check(Valid, NoExceptions));
    }

    [Fact]
    public void Modules_are_discovered_by_name_and_may_reference_every_Contracts_assembly()
    {
        var graph = WithHost(
            new AssemblyNode("CredentialHub.Security", "CredentialHub.Security.Contracts", "CredentialHub.Circuits.Contracts", "CredentialHub.Monitoring.Contracts"),
            new AssemblyNode("CredentialHub.Security.Contracts"),
            new AssemblyNode("CredentialHub.Monitoring.Contracts", "CredentialHub.Security.Contracts"));
        Assert.Empty(ArchitectureRules.Check(graph, NoExceptions));
    }

    [Fact]
    public void A_module_referencing_another_modules_implementation_fails()
    {
        var graph = WithHost(
            new AssemblyNode("CredentialHub.Credentials", "CredentialHub.Credentials.Contracts", "CredentialHub.Circuits"),
            new AssemblyNode("CredentialHub.Credentials.Contracts"));
        string violation = Single(graph);
        Assert.Contains("CredentialHub.Credentials references the implementation of another module, CredentialHub.Circuits", violation);
    }

    [Fact]
    public void A_Contracts_assembly_referencing_an_implementation_fails()
    {
        string violation = Single(Replacing(new AssemblyNode("CredentialHub.Circuits.Contracts", "CredentialHub.ProofSystems.Contracts", "CredentialHub.Circuits")));
        Assert.StartsWith("CredentialHub.Circuits.Contracts references CredentialHub.Circuits: a Contracts assembly may reference only", violation);
    }

    [Fact]
    public void A_Contracts_assembly_referencing_a_plugin_library_fails()
    {
        string violation = Single(Replacing(new AssemblyNode("CredentialHub.ProofSystems.Contracts", "CredentialHub.Bn254")));
        Assert.StartsWith("CredentialHub.ProofSystems.Contracts references CredentialHub.Bn254", violation);
    }

    [Fact]
    public void The_host_referencing_a_plugin_assembly_fails()
    {
        string violation = Single(Replacing(new AssemblyNode("CredentialHub.Host", "CredentialHub.Circuits", "CredentialHub.ProofSystems.Contracts", "CredentialHub.Groth16")));
        Assert.StartsWith("CredentialHub.Host references CredentialHub.Groth16, which ships in plugins/", violation);
    }

    [Fact]
    public void The_host_referencing_a_library_that_is_no_module_fails()
    {
        string violation = Single(Replacing(new AssemblyNode("CredentialHub.Host", "CredentialHub.Circuits", "CredentialHub.ProofSystems.Contracts", "CredentialHub.Toolbox")));
        Assert.StartsWith("CredentialHub.Host references CredentialHub.Toolbox, which is neither", violation);
    }

    [Fact]
    public void An_assembly_in_the_host_output_that_is_no_module_fails()
    {
        string violation = Single(WithHost(new AssemblyNode("CredentialHub.Toolbox")));
        Assert.StartsWith("CredentialHub.Toolbox in the host output is neither", violation);
    }

    [Fact]
    public void A_plugin_referencing_a_host_assembly_other_than_the_contract_fails()
    {
        string violation = Single(WithPlugin(new PluginFolder("hashproof",
            [new AssemblyNode("CredentialHub.Hashproof", "CredentialHub.ProofSystems.Contracts", "CredentialHub.Circuits.Contracts")])));
        Assert.StartsWith("plugins/hashproof/CredentialHub.Hashproof references CredentialHub.Circuits.Contracts", violation);
    }

    [Fact]
    public void A_plugin_referencing_another_plugins_assembly_fails()
    {
        string violation = Single(WithPlugin(new PluginFolder("hashproof",
            [new AssemblyNode("CredentialHub.Hashproof", "CredentialHub.ProofSystems.Contracts", "CredentialHub.Bn254")])));
        Assert.StartsWith("plugins/hashproof/CredentialHub.Hashproof references CredentialHub.Bn254", violation);
    }

    [Fact]
    public void A_plugin_folder_shipping_a_copy_of_the_contract_fails()
    {
        string violation = Single(WithPlugin(new PluginFolder("hashproof",
            [new AssemblyNode("CredentialHub.Hashproof", "CredentialHub.ProofSystems.Contracts"), new AssemblyNode("CredentialHub.ProofSystems.Contracts")])));
        Assert.StartsWith("plugins/hashproof ships a copy of CredentialHub.ProofSystems.Contracts.dll", violation);
    }

    /// <summary>
    /// <see cref="Valid"/> with a module that uses the library CredentialHub.Bn254, which then ships in the host output
    /// as well as in the Groth16 plugin folder.
    /// </summary>
    private static readonly DependencyGraph WithLibrary = WithHost(
        new AssemblyNode("CredentialHub.Credentials", "CredentialHub.Credentials.Contracts", "CredentialHub.Security.Contracts", "CredentialHub.Bn254", "System.Numerics"),
        new AssemblyNode("CredentialHub.Credentials.Contracts", "System.Runtime"),
        new AssemblyNode("CredentialHub.Security.Contracts", "System.Runtime"),
        Library("CredentialHub.Bn254", "System.Runtime", "System.Numerics"));

    [Fact]
    public void A_library_may_ship_in_the_host_output_and_a_plugin_and_be_used_by_a_module()
    {
        Assert.Empty(ArchitectureRules.Check(WithLibrary, NoExceptions));
    }

    [Fact]
    public void A_library_referencing_a_module_fails()
    {
        string violation = Single(ReplacingIn(WithLibrary, Library("CredentialHub.Bn254", "System.Runtime", "CredentialHub.Credentials.Contracts")));
        Assert.StartsWith("CredentialHub.Bn254 references CredentialHub.Credentials.Contracts: a library may reference only other libraries", violation);
    }

    [Fact]
    public void A_library_may_reference_the_plugin_contract()
    {
        Assert.Empty(ArchitectureRules.Check(ReplacingIn(WithLibrary, Library("CredentialHub.Bn254", "System.Runtime", ArchitectureRules.PluginContract)), NoExceptions));
    }

    [Fact]
    public void A_library_referencing_a_plugin_assembly_fails()
    {
        string violation = Single(ReplacingIn(WithLibrary, Library("CredentialHub.Bn254", "System.Runtime", "CredentialHub.Groth16")));
        Assert.StartsWith("CredentialHub.Bn254 references CredentialHub.Groth16: a library may reference only other libraries", violation);
    }

    [Fact]
    public void The_host_may_use_a_library()
    {
        Assert.Empty(ArchitectureRules.Check(ReplacingIn(WithLibrary,
            new AssemblyNode("CredentialHub.Host", "CredentialHub.Circuits", "CredentialHub.Circuits.Contracts", "CredentialHub.ProofSystems.Contracts", "CredentialHub.Bn254")), NoExceptions));
    }

    [Fact]
    public void An_assembly_without_the_library_mark_is_no_library()
    {
        var unmarked = WithHost(
            new AssemblyNode("CredentialHub.Credentials", "CredentialHub.Credentials.Contracts", "CredentialHub.Toolbox"),
            new AssemblyNode("CredentialHub.Credentials.Contracts", "System.Runtime"),
            new AssemblyNode("CredentialHub.Toolbox", "System.Runtime"));
        string violation = Single(unmarked);
        Assert.StartsWith("CredentialHub.Toolbox in the host output is neither", violation);
        Assert.Contains("put a library under src/Libraries", violation);
        Assert.Empty(ArchitectureRules.Check(ReplacingIn(unmarked, Library("CredentialHub.Toolbox", "System.Runtime")), NoExceptions));
    }

    [Fact]
    public void A_module_may_show_its_internals_to_its_own_tests_and_the_benchmarks_only()
    {
        Assert.Empty(ArchitectureRules.Check(Replacing(Circuits with { InternalsVisibleTo = ["CredentialHub.Circuits.Tests", "CredentialHub.Benchmarks"] }), NoExceptions));

        string violation = Single(Replacing(Circuits with { InternalsVisibleTo = ["CredentialHub.Circuits.Tests", "CredentialHub.Proofs.Tests"] }));
        Assert.StartsWith("CredentialHub.Circuits makes its internals visible to CredentialHub.Proofs.Tests: only its own tests (CredentialHub.Circuits.Tests)", violation);
    }

    [Fact]
    public void A_Contracts_assembly_may_show_its_internals_to_its_modules_tests()
    {
        var contracts = new AssemblyNode("CredentialHub.Circuits.Contracts", "CredentialHub.ProofSystems.Contracts") { InternalsVisibleTo = ["CredentialHub.Circuits.Tests"] };
        Assert.Empty(ArchitectureRules.Check(Replacing(contracts), NoExceptions));

        string violation = Single(Replacing(contracts with { InternalsVisibleTo = ["CredentialHub.Circuits"] }));
        Assert.StartsWith("CredentialHub.Circuits.Contracts makes its internals visible to CredentialHub.Circuits:", violation);
    }

    [Fact]
    public void Libraries_and_plugins_show_their_internals_to_their_own_tests_only()
    {
        string library = Single(ReplacingIn(WithLibrary, Library("CredentialHub.Bn254", "System.Runtime") with { InternalsVisibleTo = ["CredentialHub.Credentials"] }));
        Assert.StartsWith("CredentialHub.Bn254 makes its internals visible to CredentialHub.Credentials:", library);

        string plugin = Single(WithPlugin(new PluginFolder("hashproof",
            [new AssemblyNode("CredentialHub.Hashproof", "CredentialHub.ProofSystems.Contracts") { InternalsVisibleTo = ["CredentialHub.Host.Tests"] }])));
        Assert.StartsWith("CredentialHub.Hashproof makes its internals visible to CredentialHub.Host.Tests:", plugin);
    }

    [Fact]
    public void Contracts_referencing_each_other_in_a_cycle_fail()
    {
        var graph = WithHost(
            new AssemblyNode("CredentialHub.Security.Contracts", "CredentialHub.Monitoring.Contracts"),
            new AssemblyNode("CredentialHub.Monitoring.Contracts", "CredentialHub.Security.Contracts"));
        string violation = Single(graph);
        Assert.StartsWith("Contracts reference each other in a cycle: CredentialHub.Monitoring.Contracts → CredentialHub.Security.Contracts → CredentialHub.Monitoring.Contracts", violation);
    }

    [Fact]
    public void The_plugin_contract_referencing_a_module_contract_fails()
    {
        var graph = WithHost(new AssemblyNode("CredentialHub.Security.Contracts", "System.Runtime"));
        string violation = Single(ReplacingIn(graph, new AssemblyNode("CredentialHub.ProofSystems.Contracts", "CredentialHub.Security.Contracts")));
        Assert.StartsWith("CredentialHub.ProofSystems.Contracts references CredentialHub.Security.Contracts: the plugin contract stands alone", violation);
    }

    [Fact]
    public void A_Contracts_assembly_referencing_a_library_in_the_host_output_fails()
    {
        string violation = Single(ReplacingIn(WithLibrary, new AssemblyNode("CredentialHub.Credentials.Contracts", "System.Runtime", "CredentialHub.Bn254")));
        Assert.StartsWith("CredentialHub.Credentials.Contracts references CredentialHub.Bn254: a Contracts assembly may reference only", violation);
    }

    [Fact]
    public void A_module_referencing_a_plugin_assembly_that_is_no_library_fails()
    {
        string violation = Single(ReplacingIn(WithLibrary,
            new AssemblyNode("CredentialHub.Credentials", "CredentialHub.Credentials.Contracts", "CredentialHub.Bn254", "CredentialHub.Groth16")));
        Assert.StartsWith("CredentialHub.Credentials references CredentialHub.Groth16, which ships in plugins/ and is not a library", violation);
    }

    [Theory]
    [InlineData("CredentialHub.Circuits.Witness.WitnessEngine", true, true)]
    [InlineData("CredentialHub.Circuits.CircuitLoader", true, false)]
    [InlineData("CredentialHub.Circuits.IModuleOptions", false, false)]
    public void A_public_type_other_than_a_registrar_or_options_fails(string fullName, bool isClass, bool isStatic)
    {
        var type = new PublicType(fullName, fullName[(fullName.LastIndexOf('.') + 1)..], isClass, isStatic);
        string violation = Single(Replacing(Circuits with { PublicTypes = [.. Circuits.PublicTypes, type] }));
        Assert.StartsWith($"CredentialHub.Circuits: public type {fullName} must be internal", violation);
    }

    [Fact]
    public void A_generated_migration_may_be_public_and_so_may_nothing_else_of_ef()
    {
        var migration = new PublicType("CredentialHub.Circuits.Storage.Migrations.Initial", "Initial", IsClass: true, IsStatic: false, ArchitectureRules.GeneratedMigration);
        Assert.Empty(ArchitectureRules.Check(Replacing(Circuits with { PublicTypes = [.. Circuits.PublicTypes, migration] }), NoExceptions));

        var snapshot = new PublicType("CredentialHub.Circuits.Storage.Migrations.CircuitsDbContextModelSnapshot", "CircuitsDbContextModelSnapshot", IsClass: true, IsStatic: false, "Microsoft.EntityFrameworkCore.Infrastructure.ModelSnapshot");
        string violation = Single(Replacing(Circuits with { PublicTypes = [.. Circuits.PublicTypes, snapshot] }));
        Assert.StartsWith($"CredentialHub.Circuits: public type {snapshot.FullName} must be internal", violation);
    }

    [Fact]
    public void A_non_static_class_named_Module_fails()
    {
        string violation = Single(Replacing(Circuits with { PublicTypes = [Class("CredentialHub.Circuits.CircuitsModule")] }));
        Assert.StartsWith("CredentialHub.Circuits: public type CredentialHub.Circuits.CircuitsModule must be internal", violation);
    }

    [Fact]
    public void Public_types_of_Contracts_assemblies_are_not_restricted()
    {
        var graph = Replacing(new AssemblyNode("CredentialHub.ProofSystems.Contracts", [], [Interface("CredentialHub.ProofSystems.Contracts.IProofSystem")]));
        Assert.Empty(ArchitectureRules.Check(graph, NoExceptions));
    }

    [Fact]
    public void A_listed_exception_is_allowed_and_a_stale_one_fails()
    {
        var engine = Registrar("CredentialHub.Circuits.Witness.WitnessEngine");
        var graph = Replacing(Circuits with { PublicTypes = [.. Circuits.PublicTypes, engine] });
        Assert.Empty(ArchitectureRules.Check(graph, new HashSet<string> { engine.FullName }));

        string violation = Single(Valid, new HashSet<string> { engine.FullName });
        Assert.StartsWith($"{engine.FullName} is on the list of allowed public types but is no longer", violation);
    }
}
