using System.Net;
using System.Text.Json.Nodes;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>A whole credential presentation against one host: issue a credential, prove from it bound to a nonce, verify.</summary>
internal static class CredentialFlow
{
    internal const string Circuit = "selective-disclosure";

    /// <summary>
    /// Issues a credential, proves from it with this nonce and verifies the presentation; returns the verify reply.
    /// With <paramref name="expectValid"/> set, asserts a 200 with that validity.
    /// </summary>
    internal static async Task<Reply> PresentAsync(HttpClient http, string nonce, bool? expectValid)
    {
        var issued = await Api.PostJsonAsync(http, "/credentials", new JsonObject
        {
            ["subject"] = "did:example:holder",
            ["type"] = "Membership",
            ["attributes"] = new JsonArray(new JsonObject { ["name"] = "level", ["type"] = "integer", ["value"] = 3 }),
        });
        Assert.True(issued.Status == HttpStatusCode.Created, $"POST /credentials: {issued}");
        string credentialId = issued.Json.GetProperty("id").GetString()!["urn:uuid:".Length..];
        var reply = await Api.PostJsonAsync(http, "/proofs/generate", new JsonObject
        {
            ["circuit_id"] = Circuit,
            ["credential_id"] = credentialId,
            ["reveal_attributes"] = new JsonArray("level"),
            ["nonce"] = nonce,
        });
        Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"POST /proofs/generate from a credential: {reply}");
        var job = reply.Status == HttpStatusCode.OK ? reply.Json : await Api.WaitForProofAsync(http, reply.String("proof_id")!, TimeSpan.FromSeconds(60));
        Assert.True(job.GetProperty("status").GetString() == "succeeded", $"proof did not succeed: {job}");
        var verified = await Api.PostJsonAsync(http, "/proofs/verify", new JsonObject
        {
            ["proof_id"] = job.GetProperty("proof_id").GetString(),
            ["nonce"] = nonce,
        });
        if (expectValid is { } valid)
        {
            Assert.True(verified.Status == HttpStatusCode.OK && verified.Json.GetProperty("valid").GetBoolean() == valid, $"verify with nonce {nonce}: expected valid={valid}, got {verified}");
        }
        return verified;
    }
}
