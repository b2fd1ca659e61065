using System.Net;
using CredentialHub.Integration.Tests.Support;
using Npgsql;

namespace CredentialHub.Integration.Tests;

// Issue 13: a registered circuit whose stored artifacts no longer pass its checks (changed in the database, or
// registered before a check that now refuses it) is refused by id with a 503 naming it, left out of the list and
// shown in /health, instead of a 500 on every request that lists or names it.
[Collection(PostgresAndRedisCollection.Name)]
public sealed class RegisteredCircuitRefusalTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_registered_circuit_failing_its_checks_at_load_is_refused_by_name_and_the_others_are_served()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString) };
        const string id = "solvency-damaged";
        await using (var first = await HostProcess.StartAsync(environment))
        {
            var created = await Api.SendAsync(first.Http, HttpMethod.Post, "/circuits", CircuitFiles.Upload(id));
            Assert.True(created.Status == HttpStatusCode.Created, $"POST /circuits: {created}");
        }
        // The stored wasm changes under the service (a damaged or tampered database).
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "UPDATE circuits.artifacts SET content = content || '\\x00'::bytea WHERE sha256 = (SELECT wasm_sha256 FROM circuits.circuits WHERE id = @id)", connection);
            command.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await using var second = await HostProcess.StartAsync(environment);
        var list = await Api.GetAsync(second.Http, "/circuits");
        Assert.True(list.Status == HttpStatusCode.OK, $"GET /circuits with a damaged registered circuit: {list}");
        var ids = list.Json.GetProperty("circuits").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Contains(Solvency.Id, ids);
        Assert.DoesNotContain(id, ids);

        foreach (var reply in new[]
        {
            await Api.GetAsync(second.Http, $"/circuits/{id}"),
            await Api.GetAsync(second.Http, $"/circuits/{id}/verification_key"),
            await Api.GenerateAsync(second.Http, id, Solvency.ExampleInputs()),
        })
        {
            var problem = ProblemAssert.Problem(reply, HttpStatusCode.ServiceUnavailable, "circuit_id");
            Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("SHA-256", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.NotNull(reply.Headers.RetryAfter);
        }
        var (status, health) = await Api.HealthAsync(second.Http);
        Assert.True(status == HttpStatusCode.OK && health.GetProperty("status").GetString() == "degraded", $"/health: {status} {health}");
        Assert.Contains(id, health.GetRawText(), StringComparison.Ordinal);
        // The other circuits are served as before.
        await Api.ProveAsync(second.Http, Solvency.Id, Solvency.ExampleInputs());
    }
}
