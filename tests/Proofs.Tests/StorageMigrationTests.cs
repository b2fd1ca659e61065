using CredentialHub.Circuits.Storage;
using CredentialHub.Proofs.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CredentialHub.Proofs.Tests;

/// <summary>
/// The hand-written migrations against a real server, through the registrations the host uses: they build the
/// schemas on an empty database, match the models, run again harmlessly, and what one instance stored the next
/// one reads.
/// </summary>
[Collection(PostgresAndRedisCollection.Name)]
public sealed class StorageMigrationTests(PostgresServer server) : IAsyncLifetime
{
    private TestDatabase? _database;

    private string ConnectionString => _database!.ConnectionString;

    public async Task InitializeAsync() => _database = await server.CreateDatabaseAsync();

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    /// <summary>A host's services as the host registers storage, with its hosted services started.</summary>
    private async Task<ServiceProvider> StartAsync()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddProofStorage(new ProofStorageOptions { ConnectionString = ConnectionString });
        services.AddCircuitStorage(new CircuitStorageOptions { ConnectionString = ConnectionString });
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(default);
        }
        return provider;
    }

    private async Task<List<string>> ScalarsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    [Fact]
    public async Task Start_up_migrates_an_empty_database_and_records_the_migrations_in_each_modules_schema()
    {
        Assert.Empty(await ScalarsAsync("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('proofs', 'circuits')"));

        await using var provider = await StartAsync();

        Assert.Equal(
            ["circuits.__EFMigrationsHistory", "circuits.artifacts", "circuits.circuits", "proofs.__EFMigrationsHistory", "proofs.proofs", "proofs.verifications"],
            (await ScalarsAsync("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('proofs', 'circuits')")).Order(StringComparer.Ordinal));
        Assert.Equal(["20261121000000_Initial", "20261121120000_Presentation", "20261206120000_JobLeases"], await ScalarsAsync("SELECT \"MigrationId\" FROM proofs.\"__EFMigrationsHistory\" ORDER BY 1"));
        Assert.Equal(["20261121000000_Initial"], await ScalarsAsync("SELECT \"MigrationId\" FROM circuits.\"__EFMigrationsHistory\""));
        Assert.Equal(
            ["ix_proofs_circuit_id", "ix_proofs_created_at", "ix_proofs_unfinished_lease", "ix_verifications_circuit_id", "ix_verifications_proof_id", "ix_verifications_verified_at"],
            (await ScalarsAsync("SELECT indexname FROM pg_indexes WHERE schemaname = 'proofs' AND indexname LIKE 'ix_%'")).Order(StringComparer.Ordinal));
        Assert.Empty(await ScalarsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task The_hand_written_snapshots_match_the_models()
    {
        await using var provider = await StartAsync();
        await using var proofs = await provider.GetRequiredService<IDbContextFactory<ProofsDbContext>>().CreateDbContextAsync();
        await using var circuits = await provider.GetRequiredService<IDbContextFactory<CircuitsDbContext>>().CreateDbContextAsync();
        Assert.False(proofs.Database.HasPendingModelChanges(), "ProofsDbContext differs from its snapshot: add a migration");
        Assert.False(circuits.Database.HasPendingModelChanges(), "CircuitsDbContext differs from its snapshot: add a migration");
        Assert.Empty(await proofs.Database.GetPendingMigrationsAsync());
        Assert.Empty(await circuits.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_second_start_migrates_nothing_and_sees_what_the_first_instance_stored()
    {
        var proof = ProofStoreContract.Succeeded(ProofStoreContract.Queued());
        var verification = new VerificationRecord(Guid.NewGuid(), proof.Id, proof.CircuitId, true, null, proof.CompletedAt!.Value);
        var (circuit, artifacts) = CircuitStoreContract.NewCircuit("survivor");
        await using (var first = await StartAsync())
        {
            var store = first.GetRequiredService<IProofStore>();
            Assert.IsType<PostgresProofStore>(store);
            await store.AddAsync(proof, default);
            await store.AddVerificationAsync(verification, default);
            Assert.True(await first.GetRequiredService<ICircuitStore>().TryAddAsync(circuit, artifacts, default));
        }

        await using var second = await StartAsync();

        Assert.Equal(3, (await ScalarsAsync("SELECT \"MigrationId\" FROM proofs.\"__EFMigrationsHistory\"")).Count);
        Assert.Equal(proof, await second.GetRequiredService<IProofStore>().FindAsync(proof.Id, default));
        Assert.Equal([verification], await second.GetRequiredService<IProofStore>().VerificationsOfAsync(proof.Id, default));
        var circuits = second.GetRequiredService<ICircuitStore>();
        Assert.Equal(circuit, await circuits.FindAsync("survivor", default));
        Assert.Equal(artifacts[circuit.ZkeySha256], await circuits.ReadArtifactAsync(circuit.ZkeySha256, default));
        Assert.False(await circuits.TryAddAsync(circuit, artifacts, default));
    }

    [Fact]
    public async Task Instances_starting_together_both_migrate_without_error()
    {
        var starts = await Task.WhenAll(Task.Run(StartAsync), Task.Run(StartAsync));
        foreach (var provider in starts)
        {
            await provider.DisposeAsync();
        }
        Assert.Equal(3, (await ScalarsAsync("SELECT \"MigrationId\" FROM proofs.\"__EFMigrationsHistory\"")).Count);
        Assert.Single(await ScalarsAsync("SELECT \"MigrationId\" FROM circuits.\"__EFMigrationsHistory\""));
    }

    [Fact]
    public async Task No_column_of_any_table_could_hold_inputs_or_a_witness()
    {
        await using var provider = await StartAsync();
        var columns = await ScalarsAsync(
            "SELECT table_schema || '.' || table_name || '.' || column_name FROM information_schema.columns WHERE table_schema IN ('proofs', 'circuits')");

        // Exhaustive: a new column fails this test until someone decides it cannot hold private data.
        string[] expected =
        [
            "circuits.__EFMigrationsHistory.MigrationId", "circuits.__EFMigrationsHistory.ProductVersion",
            "circuits.artifacts.content", "circuits.artifacts.sha256", "circuits.artifacts.size",
            "circuits.circuits.configuration_json", "circuits.circuits.id", "circuits.circuits.registered_at",
            "circuits.circuits.verification_key_sha256", "circuits.circuits.wasm_sha256", "circuits.circuits.zkey_sha256",
            "proofs.__EFMigrationsHistory.MigrationId", "proofs.__EFMigrationsHistory.ProductVersion",
            "proofs.proofs.circuit_id", "proofs.proofs.completed_at", "proofs.proofs.created_at", "proofs.proofs.error",
            "proofs.proofs.error_code", "proofs.proofs.id", "proofs.proofs.lease_expires_at", "proofs.proofs.owner", "proofs.proofs.presentation_json", "proofs.proofs.proof_json", "proofs.proofs.prove_milliseconds",
            "proofs.proofs.public_signals_json", "proofs.proofs.status", "proofs.proofs.witness_milliseconds",
            "proofs.verifications.circuit_id", "proofs.verifications.id", "proofs.verifications.proof_id",
            "proofs.verifications.reason", "proofs.verifications.valid", "proofs.verifications.verified_at",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), columns.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(columns, c => c.Contains("input", StringComparison.OrdinalIgnoreCase) || c.EndsWith("witness", StringComparison.OrdinalIgnoreCase) || c.Contains("private", StringComparison.OrdinalIgnoreCase));
    }
}
