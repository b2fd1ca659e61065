using System.Net;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 8 (keys). The issuer key is created once, sealed under SECRET_KEY, and opened by every later start; a start with
// another secret, or in production mode without one, is refused with a message naming the variable.
[Collection(PostgresAndRedisCollection.Name)]
public sealed class CredentialKeyTests(PostgresServer postgres)
{
    private static JsonObject Licence() => new()
    {
        ["subject"] = "did:example:restart",
        ["type"] = "DrivingLicence",
        ["attributes"] = new JsonArray(
            new JsonObject { ["name"] = "name", ["type"] = "string", ["value"] = "Bob Restart" },
            new JsonObject { ["name"] = "score", ["type"] = "integer", ["value"] = 420 }),
    };

    [Fact]
    public async Task The_issuer_key_survives_a_restart_and_another_SECRET_KEY_is_refused()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString) };
        string keyBefore, credentialId;
        await using (var first = await HostProcess.StartAsync(environment))
        {
            keyBefore = (await Api.GetAsync(first.Http, "/credentials/issuer-keys")).Body;
            Assert.Contains("Created the issuer key", first.Output, StringComparison.Ordinal);
            var issued = await Api.PostJsonAsync(first.Http, "/credentials", Licence());
            Assert.True(issued.Status == HttpStatusCode.Created, $"POST /credentials: {issued}");
            credentialId = issued.Json.GetProperty("id").GetString()!["urn:uuid:".Length..];
        }

        await using (var second = await HostProcess.StartAsync(environment))
        {
            Assert.Equal(keyBefore, (await Api.GetAsync(second.Http, "/credentials/issuer-keys")).Body);
            Assert.DoesNotContain("Created the issuer key", second.Output, StringComparison.Ordinal);
            string nonce = await Api.ChallengeAsync(second.Http);
            var reply = await Api.PostJsonAsync(second.Http, "/proofs/generate", new JsonObject
            {
                ["circuit_id"] = "selective-disclosure",
                ["credential_id"] = credentialId,
                ["reveal_attributes"] = new JsonArray("name"),
                ["predicates"] = new JsonArray(new JsonObject { ["attribute"] = "score", ["op"] = ">=", ["value"] = 400 }),
                ["nonce"] = nonce,
            });
            Assert.True(reply.Status == HttpStatusCode.OK, $"a credential issued before the restart does not prove: {reply}");
            var verified = await Api.PostJsonAsync(second.Http, "/proofs/verify", new JsonObject { ["proof_id"] = reply.String("proof_id"), ["nonce"] = nonce });
            Assert.True(verified.Json.GetProperty("valid").GetBoolean(), $"verify after restart: {verified}");
            Assert.Equal("Bob Restart", verified.Json.GetProperty("credential").GetProperty("revealed").GetProperty("name").GetString());
        }

        var other = new Dictionary<string, string>(environment) { ["SECRET_KEY"] = "another-k3y-of-at-least-32-characters-QwErTy" };
        var (exitCode, output) = await HostProcess.RunUntilExitAsync(other, TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 2, $"a host with another SECRET_KEY exited {exitCode}: {output}");
        Assert.Contains("does not open with the configured SECRET_KEY", output, StringComparison.Ordinal);
        Assert.DoesNotContain("another-k3y", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("production", "", "SECRET_KEY is required in production mode")]
    [InlineData("database", "", "SECRET_KEY is required when DATABASE_URL is set")]
    [InlineData("short", "short-secret", "SECRET_KEY is too short")]
    public async Task The_host_refuses_to_start_without_a_usable_secret(string situation, string secret, string message)
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var environment = new Dictionary<string, string> { ["SECRET_KEY"] = secret };
        if (situation == "production")
        {
            environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        }
        else
        {
            environment["DATABASE_URL"] = HostProcess.DatabaseUrl(database.ConnectionString);
        }
        var (exitCode, output) = await HostProcess.RunUntilExitAsync(environment, TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 2, $"{situation}: exit code {exitCode}: {output}");
        Assert.Contains(message, output, StringComparison.Ordinal);
        if (secret.Length > 0)
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
    }
}
