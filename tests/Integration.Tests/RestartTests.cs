using System.Net;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 2. and 6 (sharing): what one host stored in PostgreSQL, the next host on the same database serves.
[Collection(PostgresAndRedisCollection.Name)]
public sealed class RestartTests(PostgresServer postgres)
{
    [Fact]
    public async Task Restarted_host_on_the_same_database_serves_earlier_proofs_and_registered_circuits()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString) };
        const string registered = "solvency-shared";
        string proofId;
        string proofJson;
        await using (var first = await HostProcess.StartAsync(environment))
        {
            var job = await Api.ProveAsync(first.Http, Solvency.Id, Solvency.ExampleInputs());
            proofId = job.GetProperty("proof_id").GetString()!;
            proofJson = job.GetProperty("proof").GetRawText();
            var created = await Api.SendAsync(first.Http, HttpMethod.Post, "/circuits", CircuitFiles.Upload(registered));
            Assert.True(created.Status == HttpStatusCode.Created, $"POST /circuits: {created}");
        }

        await using var second = await HostProcess.StartAsync(environment);
        var fetched = await Api.GetAsync(second.Http, $"/proofs/{proofId}");
        Assert.True(fetched.Status == HttpStatusCode.OK, $"GET /proofs/{proofId} after restart: {fetched}\n{second.Tail()}");
        Assert.Equal("succeeded", fetched.String("status"));
        Assert.Equal(JsonNode.Parse(proofJson)!.ToJsonString(), JsonNode.Parse(fetched.Json.GetProperty("proof").GetRawText())!.ToJsonString());

        var verified = await Api.PostJsonAsync(second.Http, "/proofs/verify", new JsonObject { ["proof_id"] = proofId });
        Assert.True(verified.Status == HttpStatusCode.OK && verified.Json.GetProperty("valid").GetBoolean(), $"verify by id after restart: {verified}");

        var list = await Api.GetAsync(second.Http, "/circuits");
        var circuits = list.Json.GetProperty("circuits").EnumerateArray().ToList();
        Assert.True(circuits.Any(c => c.GetProperty("id").GetString() == registered && c.GetProperty("origin").GetString() == "registered"),
            $"the circuit registered through the first host is not listed by the second: {list}");
        var job2 = await Api.ProveAsync(second.Http, registered, Solvency.ExampleInputs());
        Assert.Equal(registered, job2.GetProperty("circuit_id").GetString());
    }
}
