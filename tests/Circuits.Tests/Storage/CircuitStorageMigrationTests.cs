using CredentialHub.Circuits.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Circuits.Tests.Storage;

/// <summary>
/// The generated migrations against a real server, through the registration the host uses: they build the
/// circuits schema on an empty database, match the model, run again harmlessly, and what one instance stored
/// the next one reads.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CircuitStorageMigrationTests(PostgresServer server) : MigrationTests(server)
{
    protected override string Schema => CircuitsDbContext.Schema;

    /// <summary>Registered circuits keep the SHA-256 of their r1cs (production circuits' keys are checked against it).</summary>
    protected override IReadOnlyList<string> MigrationsSincePreviousRelease => ["20261207175828_R1csSha256"];

    private static readonly string[] AllMigrations = ["20261121000000_Initial", "20261207175828_R1csSha256"];

    protected override void AddStorage(IServiceCollection services) =>
        services.AddCircuitStorage(new CircuitStorageOptions { ConnectionString = ConnectionString });

    protected override async Task StoreAndReadBackAsync(IServiceProvider provider)
    {
        var (circuit, artifacts) = CircuitStoreContract.NewCircuit("after-upgrade");
        byte[] r1cs = System.Text.Encoding.UTF8.GetBytes("r1cs of after-upgrade");
        artifacts[CircuitStoreContract.Sha256(r1cs)] = r1cs;
        circuit = circuit with { R1csSha256 = CircuitStoreContract.Sha256(r1cs) };
        var circuits = provider.GetRequiredService<ICircuitStore>();
        Assert.True(await circuits.TryAddAsync(circuit, artifacts, default));
        Assert.Equal(circuit, await circuits.FindAsync("after-upgrade", default));
        Assert.Equal(artifacts[circuit.ZkeySha256], await circuits.ReadArtifactAsync(circuit.ZkeySha256, default));
    }

    [Fact]
    public async Task Start_up_migrates_an_empty_database_and_records_the_migration_in_the_circuits_schema()
    {
        Assert.Empty(await ScalarsAsync("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema = 'circuits'"));

        await using var provider = await StartAsync();

        Assert.Equal(
            ["circuits.__EFMigrationsHistory", "circuits.artifacts", "circuits.circuits"],
            (await ScalarsAsync("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema = 'circuits'")).Order(StringComparer.Ordinal));
        Assert.Equal(AllMigrations, await ScalarsAsync("SELECT \"MigrationId\" FROM circuits.\"__EFMigrationsHistory\" ORDER BY 1"));
        Assert.Empty(await ScalarsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task The_generated_snapshot_matches_the_model()
    {
        await using var provider = await StartAsync();
        await AssertSnapshotMatchesTheModelAsync<CircuitsDbContext>(provider);
    }

    [Fact]
    public async Task A_second_start_migrates_nothing_and_sees_what_the_first_instance_stored()
    {
        var (circuit, artifacts) = CircuitStoreContract.NewCircuit("survivor");
        await using (var first = await StartAsync())
        {
            var store = first.GetRequiredService<ICircuitStore>();
            Assert.IsType<PostgresCircuitStore>(store);
            Assert.True(await store.TryAddAsync(circuit, artifacts, default));
        }

        await using var second = await StartAsync();

        Assert.Equal(AllMigrations, await ScalarsAsync("SELECT \"MigrationId\" FROM circuits.\"__EFMigrationsHistory\" ORDER BY 1"));
        var circuits = second.GetRequiredService<ICircuitStore>();
        Assert.Equal(circuit, await circuits.FindAsync("survivor", default));
        Assert.Equal(artifacts[circuit.ZkeySha256], await circuits.ReadArtifactAsync(circuit.ZkeySha256, default));
        Assert.False(await circuits.TryAddAsync(circuit, artifacts, default));
    }

    [Fact]
    public async Task Instances_starting_together_both_migrate_without_error()
    {
        await StartTwoInstancesTogetherAsync();
        Assert.Equal(AllMigrations, await ScalarsAsync("SELECT \"MigrationId\" FROM circuits.\"__EFMigrationsHistory\" ORDER BY 1"));
    }

    [Fact]
    public async Task No_column_of_any_table_could_hold_inputs_or_a_witness()
    {
        await using var provider = await StartAsync();
        var columns = await ScalarsAsync(
            "SELECT table_schema || '.' || table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'circuits'");

        // Exhaustive: a new column fails this test until someone decides it cannot hold private data.
        string[] expected =
        [
            "circuits.__EFMigrationsHistory.MigrationId", "circuits.__EFMigrationsHistory.ProductVersion",
            "circuits.artifacts.content", "circuits.artifacts.sha256", "circuits.artifacts.size",
            "circuits.circuits.configuration_json", "circuits.circuits.id", "circuits.circuits.r1cs_sha256", "circuits.circuits.registered_at",
            "circuits.circuits.verification_key_sha256", "circuits.circuits.wasm_sha256", "circuits.circuits.zkey_sha256",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), columns.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(columns, c => c.Contains("input", StringComparison.OrdinalIgnoreCase) || c.EndsWith("witness", StringComparison.OrdinalIgnoreCase) || c.Contains("private", StringComparison.OrdinalIgnoreCase));
    }
}
