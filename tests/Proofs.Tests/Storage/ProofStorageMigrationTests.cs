using CredentialHub.Proofs.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Proofs.Tests.Storage;

/// <summary>
/// The generated migrations against a real server, through the registration the host uses: they build the
/// proofs schema on an empty database, match the model, run again harmlessly, and what one instance stored the
/// next one reads.
/// </summary>
[Collection(PostgresAndRedisCollection.Name)]
public sealed class ProofStorageMigrationTests(PostgresServer server) : MigrationTests(server)
{
    protected override string Schema => ProofsDbContext.Schema;

    protected override void AddStorage(IServiceCollection services) =>
        services.AddProofStorage(new ProofStorageOptions { ConnectionString = ConnectionString });

    protected override async Task StoreAndReadBackAsync(IServiceProvider provider)
    {
        var proof = ProofStoreContract.Succeeded(ProofStoreContract.Queued());
        var verification = new VerificationRecord(Guid.NewGuid(), proof.Id, proof.CircuitId, true, null, proof.CompletedAt!.Value);
        var store = provider.GetRequiredService<IProofStore>();
        await store.AddAsync(proof, default);
        await store.AddVerificationAsync(verification, default);
        Assert.Equal(proof, await store.FindAsync(proof.Id, default));
        Assert.Equal([verification], await store.VerificationsOfAsync(proof.Id, default));
    }

    [Fact]
    public async Task Start_up_migrates_an_empty_database_and_records_the_migrations_in_the_proofs_schema()
    {
        Assert.Empty(await ScalarsAsync("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema = 'proofs'"));

        await using var provider = await StartAsync();

        Assert.Equal(
            ["proofs.__EFMigrationsHistory", "proofs.proofs", "proofs.verifications"],
            (await ScalarsAsync("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema = 'proofs'")).Order(StringComparer.Ordinal));
        Assert.Equal(["20261121000000_Initial", "20261121120000_Presentation", "20261206120000_JobLeases"], await ScalarsAsync("SELECT \"MigrationId\" FROM proofs.\"__EFMigrationsHistory\" ORDER BY 1"));
        Assert.Equal(
            ["ix_proofs_circuit_id", "ix_proofs_created_at", "ix_proofs_unfinished_lease", "ix_verifications_circuit_id", "ix_verifications_proof_id", "ix_verifications_verified_at"],
            (await ScalarsAsync("SELECT indexname FROM pg_indexes WHERE schemaname = 'proofs' AND indexname LIKE 'ix_%'")).Order(StringComparer.Ordinal));
        Assert.Empty(await ScalarsAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task The_generated_snapshot_matches_the_model()
    {
        await using var provider = await StartAsync();
        await AssertSnapshotMatchesTheModelAsync<ProofsDbContext>(provider);
    }

    [Fact]
    public async Task A_second_start_migrates_nothing_and_sees_what_the_first_instance_stored()
    {
        var proof = ProofStoreContract.Succeeded(ProofStoreContract.Queued());
        var verification = new VerificationRecord(Guid.NewGuid(), proof.Id, proof.CircuitId, true, null, proof.CompletedAt!.Value);
        await using (var first = await StartAsync())
        {
            var store = first.GetRequiredService<IProofStore>();
            Assert.IsType<PostgresProofStore>(store);
            await store.AddAsync(proof, default);
            await store.AddVerificationAsync(verification, default);
        }

        await using var second = await StartAsync();

        Assert.Equal(3, (await ScalarsAsync("SELECT \"MigrationId\" FROM proofs.\"__EFMigrationsHistory\"")).Count);
        Assert.Equal(proof, await second.GetRequiredService<IProofStore>().FindAsync(proof.Id, default));
        Assert.Equal([verification], await second.GetRequiredService<IProofStore>().VerificationsOfAsync(proof.Id, default));
    }

    [Fact]
    public async Task Instances_starting_together_both_migrate_without_error()
    {
        await StartTwoInstancesTogetherAsync();
        Assert.Equal(3, (await ScalarsAsync("SELECT \"MigrationId\" FROM proofs.\"__EFMigrationsHistory\"")).Count);
    }

    [Fact]
    public async Task No_column_of_any_table_could_hold_inputs_or_a_witness()
    {
        await using var provider = await StartAsync();
        var columns = await ScalarsAsync(
            "SELECT table_schema || '.' || table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'proofs'");

        // Exhaustive: a new column fails this test until someone decides it cannot hold private data.
        string[] expected =
        [
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
