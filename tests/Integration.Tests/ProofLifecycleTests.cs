using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 1. generate → GET → verify (by id, by documents), and the reference verifier agrees.
public sealed partial class MainHostTests
{
    [Fact]
    public async Task Solvency_proof_is_generated_fetched_verified_and_accepted_by_snarkjs()
    {
        var inputs = Solvency.ExampleInputs();
        var job = await Api.ProveAsync(Http, Solvency.Id, inputs);
        string id = job.GetProperty("proof_id").GetString()!;

        var fetched = await Api.GetAsync(Http, $"/proofs/{id}");
        Assert.True(fetched.Status == HttpStatusCode.OK, $"GET /proofs/{id}: {fetched}");
        var proofJob = fetched.Json;
        Assert.Equal(id, proofJob.GetProperty("proof_id").GetString());
        Assert.Equal(Solvency.Id, proofJob.GetProperty("circuit_id").GetString());
        Assert.Equal("succeeded", proofJob.GetProperty("status").GetString());
        var proof = proofJob.GetProperty("proof");
        var signals = proofJob.GetProperty("public_signals");
        Assert.Equal(JsonValueKind.Object, proof.ValueKind);
        Assert.Equal(2, signals.GetArrayLength());
        Assert.Equal(inputs["institution_hash"]!.GetValue<string>(), signals[1].GetString());
        Assert.Equal(JsonValueKind.Null, proofJob.GetProperty("error").ValueKind);

        var byId = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject { ["proof_id"] = id });
        Assert.True(byId.Status == HttpStatusCode.OK, $"verify by id: {byId}");
        Assert.True(byId.Json.GetProperty("valid").GetBoolean(), $"verify by id: {byId}");
        Assert.Equal(id, byId.Json.GetProperty("proof_id").GetString());
        Assert.Equal(Solvency.Id, byId.Json.GetProperty("circuit_id").GetString());

        var byDocuments = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject
        {
            ["circuit_id"] = Solvency.Id,
            ["proof"] = JsonNode.Parse(proof.GetRawText()),
            ["public_signals"] = JsonNode.Parse(signals.GetRawText()),
        });
        Assert.True(byDocuments.Status == HttpStatusCode.OK, $"verify by documents: {byDocuments}");
        Assert.True(byDocuments.Json.GetProperty("valid").GetBoolean(), $"verify by documents: {byDocuments}");

        // The same proof against another public commitment must not verify.
        var tampered = JsonNode.Parse(signals.GetRawText())!.AsArray();
        tampered[0] = "1";
        var wrong = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject
        {
            ["circuit_id"] = Solvency.Id,
            ["proof"] = JsonNode.Parse(proof.GetRawText()),
            ["public_signals"] = tampered,
        });
        Assert.True(wrong.Status == HttpStatusCode.OK, $"verify tampered: {wrong}");
        Assert.False(wrong.Json.GetProperty("valid").GetBoolean(), $"a tampered public signal verified: {wrong}");

        var key = await Api.GetAsync(Http, "/circuits/solvency/verification_key");
        Assert.True(key.Status == HttpStatusCode.OK, $"GET verification_key: {key}");
        var (exitCode, output) = await Snarkjs.VerifyAsync(key.Body, signals.GetRawText(), proof.GetRawText());
        Assert.True(exitCode == 0 && output.Contains("OK!", StringComparison.Ordinal), $"snarkjs groth16 verify exited {exitCode}: {output}");
    }
}
