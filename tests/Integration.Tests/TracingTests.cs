using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 10. Tracing: with OTEL_EXPORTER_OTLP_ENDPOINT set, the service exports a span per request, per database command and
// per proof stage to an OTLP collector, the proof job continues the trace of the request that queued it, and no
// private input reaches any span.
[Collection(PostgresCollection.Name)]
public sealed class TracingTests(PostgresServer postgres)
{
    private static readonly string[] Stages = ["proof.queue", "proof.witness", "proof.prove", "proof.verify"];

    [Fact]
    public async Task Requests_database_commands_and_proof_stages_are_traced_over_OTLP_without_private_values()
    {
        using var collector = new OtlpReceiver();
        await using var database = await postgres.CreateDatabaseAsync();
        await using var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        var http = host.Http;

        // Planted private values: a proof the circuit accepts and one it refuses (liabilities above assets).
        string[] assets = [.. Enumerable.Range(0, 8).Select(i => $"81726354091827{i:D5}")];
        string[] liabilities = [.. Enumerable.Range(0, 8).Select(i => $"27364510928374{i:D5}")];
        const string salt = "909182736450918273645091827364509182736450918273645091827364509182736";
        string[] richLiabilities = [.. Enumerable.Range(0, 8).Select(i => $"91919191919191{i:D5}")];
        const string poorSalt = "818181818181818181818181818181818181818181818181818181818181818181";
        string[] secrets = [.. assets, .. liabilities, salt, .. richLiabilities, poorSalt];
        const string institution = "31415926535897932384626433832795028841971693993751058209749445923078164";

        var proved = await Api.ProveAsync(http, Solvency.Id, Solvency.Inputs(assets, liabilities, salt, institution));
        string provedId = proved.GetProperty("proof_id").GetString()!;
        var refused = await Api.GenerateAsync(http, Solvency.Id, Solvency.Inputs(assets, richLiabilities, poorSalt, institution));
        string refusedId;
        if (refused.Status == HttpStatusCode.Accepted)
        {
            refusedId = refused.String("proof_id")!;
            await Api.WaitForProofAsync(http, refusedId, TimeSpan.FromSeconds(60));
        }
        else
        {
            var problem = ProblemAssert.Problem(refused, HttpStatusCode.UnprocessableEntity, "inputs", secrets);
            var match = Regex.Match(problem.GetProperty("detail").GetString() ?? "", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            Assert.True(match.Success, $"the refusal names no proof id: {refused}");
            refusedId = match.Value;
        }
        var verified = await Api.PostJsonAsync(http, "/proofs/verify", new JsonObject
        {
            ["circuit_id"] = Solvency.Id,
            ["proof"] = JsonNode.Parse(proved.GetProperty("proof").GetRawText()),
            ["public_signals"] = JsonNode.Parse(proved.GetProperty("public_signals").GetRawText()),
        });
        Assert.True(verified.Status == HttpStatusCode.OK && verified.Json.GetProperty("valid").GetBoolean(), $"POST /proofs/verify: {verified}");

        // The batch exporter sends every 200 ms: wait until both jobs and the verification request have arrived.
        var clock = Stopwatch.StartNew();
        IReadOnlyList<OtlpSpan> spans = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            spans = collector.Spans;
            if (spans.Count(s => s.Name == "proof.job") >= 2 && spans.Any(s => s.Name == "POST /proofs/verify") && spans.Count(s => s.Name == "proof.verify") >= 2)
            {
                break;
            }
            await Task.Delay(200);
        }
        string all = string.Join("\n", spans);
        Assert.True(spans.Count(s => s.Name == "proof.job") >= 2, $"no two proof.job spans exported within 30 s; received {collector.Bodies.Count} exports:\n{all}\n{host.Tail()}");

        // Each job span continues the trace of the POST /proofs/generate request that queued it, and its stages are its children.
        foreach (var (id, outcome) in new[] { (provedId, "success"), (refusedId, null) })
        {
            var job = spans.Single(s => s.Name == "proof.job" && s.Attribute("credentialhub.proof.id") == id);
            Assert.Equal(Solvency.Id, job.Attribute("credentialhub.circuit.id"));
            var request = spans.SingleOrDefault(s => s.SpanId == job.ParentSpanId);
            Assert.True(request is not null && request.Name == "POST /proofs/generate" && request.TraceId == job.TraceId, $"the parent of {job} is not the generate request's span:\n{all}");
            Assert.Equal("Microsoft.AspNetCore", request.Scope);
            var stages = spans.Where(s => s.ParentSpanId == job.SpanId && s.Scope == "CredentialHub.Proofs").Select(s => s.Name).ToList();
            if (outcome == "success")
            {
                Assert.Equal("success", job.Attribute("credentialhub.proof.outcome"));
                Assert.Equal(1, job.StatusCode); // Ok
                Assert.Equal(Stages.Order(StringComparer.Ordinal), stages.Order(StringComparer.Ordinal));
            }
            else
            {
                Assert.True(job.Attribute("credentialhub.proof.outcome") is { } code && code != "success", $"the refused job's outcome: {job}");
                Assert.Equal(2, job.StatusCode); // Error
                Assert.Contains("proof.queue", stages);
                Assert.Contains("proof.witness", stages);
                Assert.DoesNotContain("proof.prove", stages);
            }
        }

        // The verification asked for by a request: a proof.verify span under the request's span, with its result.
        var verifyRequest = spans.Single(s => s.Name == "POST /proofs/verify");
        var verify = spans.Single(s => s.Name == "proof.verify" && s.ParentSpanId == verifyRequest.SpanId);
        Assert.Equal("true", verify.Attribute("credentialhub.proof.valid"));

        // The database commands are traced too (Npgsql's own source), under the requests that ran them.
        Assert.Contains(spans, s => s.Scope == "Npgsql" && spans.Any(r => r.SpanId == s.ParentSpanId && r.Name.StartsWith("POST /proofs", StringComparison.Ordinal)));

        // No private value in any span, attribute, event or resource: searched in the raw export bytes.
        foreach (var body in collector.Bodies)
        {
            string text = Encoding.Latin1.GetString(body);
            foreach (string secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the private value {secret} was exported in a trace:\n{all}");
            }
        }
    }
}
