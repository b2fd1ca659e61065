using CredentialHub.Proofs.Storage;

namespace CredentialHub.Proofs.Tests.Storage;

/// <summary>
/// What every <see cref="IProofStore"/> does, run against each implementation by a subclass. Times are whole
/// milliseconds so that stores keeping microseconds (PostgreSQL) compare equal.
/// </summary>
public abstract class ProofStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A fresh, empty store (each call may return the same underlying storage within one test).</summary>
    private protected abstract IProofStore Store { get; }

    internal static ProofRecord Queued(string circuitId = "age-over-18") =>
        new(Guid.NewGuid(), circuitId, ProofStatus.Queued, null, null, null, null, T0, null, null, null);

    internal static ProofRecord Succeeded(ProofRecord queued) => queued with
    {
        Status = ProofStatus.Succeeded,
        ProofJson = """{"pi_a":["1","2","1"],"protocol":"groth16","curve":"bn128"}""",
        PublicSignalsJson = """["1","21888242871839275222246405745257275088548364400416034343698204186575808495616"]""",
        CompletedAt = T0.AddMilliseconds(1234),
        WitnessMilliseconds = 12.5,
        ProveMilliseconds = 1040.25,
    };

    internal static ProofRecord Failed(ProofRecord queued) => queued with
    {
        Status = ProofStatus.Failed,
        ErrorCode = "deadline",
        Error = "The proof did not finish within 30 s.",
        CompletedAt = T0.AddSeconds(30),
    };

    [Fact]
    public async Task A_added_proof_is_found_as_added()
    {
        var record = Queued();
        await Store.AddAsync(record, default);
        Assert.Equal(record, await Store.FindAsync(record.Id, default));
    }

    [Fact]
    public async Task An_unknown_id_finds_nothing_and_has_no_verifications()
    {
        Assert.Null(await Store.FindAsync(Guid.NewGuid(), default));
        Assert.Empty(await Store.VerificationsOfAsync(Guid.NewGuid(), default));
    }

    [Fact]
    public async Task Update_replaces_the_record_with_the_same_id_only()
    {
        var mine = Queued();
        var other = Queued("other-circuit");
        await Store.AddAsync(mine, default);
        await Store.AddAsync(other, default);

        await Store.UpdateAsync(mine with { Status = ProofStatus.Running }, default);
        Assert.Equal(ProofStatus.Running, (await Store.FindAsync(mine.Id, default))!.Status);

        var done = Succeeded(mine);
        await Store.UpdateAsync(done, default);
        Assert.Equal(done, await Store.FindAsync(mine.Id, default));
        Assert.Equal(other, await Store.FindAsync(other.Id, default));
    }

    [Fact]
    public async Task A_failure_keeps_its_code_and_message()
    {
        var record = Queued();
        await Store.AddAsync(record, default);
        var failed = Failed(record);
        await Store.UpdateAsync(failed, default);
        Assert.Equal(failed, await Store.FindAsync(record.Id, default));
    }

    [Fact]
    public async Task Updating_an_unknown_id_throws_and_stores_nothing()
    {
        var ghost = Succeeded(Queued());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.UpdateAsync(ghost, default));
        Assert.Null(await Store.FindAsync(ghost.Id, default));
    }

    [Fact]
    public async Task A_time_with_an_offset_is_the_same_instant_when_read_back()
    {
        var record = Queued() with { CreatedAt = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.FromHours(2)) };
        await Store.AddAsync(record, default);
        var found = await Store.FindAsync(record.Id, default);
        Assert.Equal(record.CreatedAt.UtcDateTime, found!.CreatedAt.UtcDateTime);
    }

    [Fact]
    public async Task Verifications_of_a_proof_come_oldest_first_and_only_its_own()
    {
        var proof = Succeeded(Queued());
        var otherProof = Succeeded(Queued());
        await Store.AddAsync(Queued() with { Id = proof.Id }, default);
        await Store.UpdateAsync(proof, default);

        var late = new VerificationRecord(Guid.NewGuid(), proof.Id, proof.CircuitId, false, "pairing check failed", T0.AddMinutes(3));
        var early = new VerificationRecord(Guid.NewGuid(), proof.Id, proof.CircuitId, true, null, T0.AddMinutes(1));
        var middle = new VerificationRecord(Guid.NewGuid(), proof.Id, proof.CircuitId, true, null, T0.AddMinutes(2));
        await Store.AddVerificationAsync(late, default);
        await Store.AddVerificationAsync(early, default);
        await Store.AddVerificationAsync(middle, default);
        await Store.AddVerificationAsync(new VerificationRecord(Guid.NewGuid(), otherProof.Id, proof.CircuitId, true, null, T0), default);
        await Store.AddVerificationAsync(new VerificationRecord(Guid.NewGuid(), null, proof.CircuitId, true, null, T0), default);

        Assert.Equal([early, middle, late], await Store.VerificationsOfAsync(proof.Id, default));
    }

    [Fact]
    public async Task Concurrent_additions_are_all_kept()
    {
        var records = Enumerable.Range(0, 32).Select(i => Queued($"circuit-{i % 4}")).ToList();
        await Task.WhenAll(records.Select(r => Task.Run(() => Store.AddAsync(r, default))));
        foreach (var r in records)
        {
            Assert.Equal(r, await Store.FindAsync(r.Id, default));
        }
    }

    [Fact]
    public async Task Jobs_whose_lease_ran_out_end_as_failed_and_nothing_else_changes()
    {
        var live = Queued() with { Owner = "alive", LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10) };
        var dead = Queued() with { Owner = "dead", LeaseExpiresAt = T0 };
        var deadRunning = Queued() with { Owner = "dead", LeaseExpiresAt = T0 };
        var noLease = Queued();
        var finished = Queued() with { Owner = "dead", LeaseExpiresAt = T0 };
        foreach (var record in new[] { live, dead, deadRunning, noLease, finished })
        {
            await Store.AddAsync(record, default);
        }
        Assert.True(await Store.UpdateAsync(deadRunning with { Status = ProofStatus.Running }, default));
        Assert.True(await Store.UpdateAsync(Succeeded(finished), default));

        var ended = await Store.EndExpiredAsync("interrupted", "submit the request again", default);

        Assert.Equal(new[] { dead.Id, deadRunning.Id, noLease.Id }.Order(), ended.Select(e => e.Id).Order());
        foreach (var id in new[] { dead.Id, deadRunning.Id, noLease.Id })
        {
            var found = await Store.FindAsync(id, default);
            Assert.Equal(ProofStatus.Failed, found!.Status);
            Assert.Equal("interrupted", found.ErrorCode);
            Assert.Equal("submit the request again", found.Error);
            Assert.NotNull(found.CompletedAt);
        }
        Assert.Equal(ProofStatus.Queued, (await Store.FindAsync(live.Id, default))!.Status);
        Assert.Equal(Succeeded(finished).ProofJson, (await Store.FindAsync(finished.Id, default))!.ProofJson);
        Assert.Empty(await Store.EndExpiredAsync("interrupted", "again", default));
    }

    [Fact]
    public async Task Renewing_keeps_an_owners_jobs_alive_and_only_its_own()
    {
        var mine = Queued() with { Owner = "me", LeaseExpiresAt = T0 };
        var running = Queued() with { Owner = "me", LeaseExpiresAt = T0 };
        var theirs = Queued() with { Owner = "them", LeaseExpiresAt = T0 };
        await Store.AddAsync(mine, default);
        await Store.AddAsync(running, default);
        await Store.AddAsync(theirs, default);
        Assert.True(await Store.UpdateAsync(running with { Status = ProofStatus.Running }, default));

        var forgotten = Queued() with { Owner = "me", LeaseExpiresAt = T0 };
        await Store.AddAsync(forgotten, default);
        // Renewed: the jobs the owner names (and holds); not one it no longer works on, nor another owner's.
        await Store.RenewLeasesAsync("me", [mine.Id, running.Id, theirs.Id], TimeSpan.FromMinutes(5), default);
        var ended = await Store.EndExpiredAsync("interrupted", "again", default);

        Assert.Equal(new[] { theirs.Id, forgotten.Id }.Order(), ended.Select(e => e.Id).Order());
        var renewed = await Store.FindAsync(mine.Id, default);
        Assert.Equal(ProofStatus.Queued, renewed!.Status);
        Assert.True(renewed.LeaseExpiresAt > DateTimeOffset.UtcNow.AddMinutes(4), $"lease {renewed.LeaseExpiresAt}");
        // An update by the owner keeps the lease the store renewed.
        Assert.True(await Store.UpdateAsync(mine with { Status = ProofStatus.Running, LeaseExpiresAt = T0 }, default));
        Assert.Equal(renewed.LeaseExpiresAt, (await Store.FindAsync(mine.Id, default))!.LeaseExpiresAt);
        Assert.Equal(ProofStatus.Running, (await Store.FindAsync(running.Id, default))!.Status);
    }

    [Fact]
    public async Task A_final_job_is_not_changed_by_a_late_update()
    {
        var record = Queued() with { Owner = "cut-off", LeaseExpiresAt = T0 };
        await Store.AddAsync(record, default);
        Assert.Single(await Store.EndExpiredAsync("interrupted", "again", default));

        Assert.False(await Store.UpdateAsync(Succeeded(record), default));
        Assert.False(await Store.UpdateAsync(record with { Status = ProofStatus.Running }, default));

        var found = await Store.FindAsync(record.Id, default);
        Assert.Equal(ProofStatus.Failed, found!.Status);
        Assert.Equal("interrupted", found.ErrorCode);
        Assert.Null(found.ProofJson);
    }

    [Fact]
    public async Task A_restarted_instance_ends_the_jobs_of_its_earlier_life_whatever_their_lease()
    {
        var earlier = Queued() with { Owner = "host-a#1.aa", LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10) };
        var current = Queued() with { Owner = "host-a#2.bb", LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10) };
        var otherHost = Queued() with { Owner = "host-ab#1.cc", LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10) };
        foreach (var record in new[] { earlier, current, otherHost })
        {
            await Store.AddAsync(record, default);
        }

        var ended = await Store.EndPreviousLifeAsync("host-a#", "host-a#2.bb", "interrupted", "again", default);

        Assert.Equal([earlier.Id], ended.Select(e => e.Id));
        Assert.Equal(ProofStatus.Failed, (await Store.FindAsync(earlier.Id, default))!.Status);
        Assert.Equal(ProofStatus.Queued, (await Store.FindAsync(current.Id, default))!.Status);
        Assert.Equal(ProofStatus.Queued, (await Store.FindAsync(otherHost.Id, default))!.Status);
    }
}
