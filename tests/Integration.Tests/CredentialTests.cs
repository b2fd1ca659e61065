using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 8. Credentials: issue → prove with selective disclosure and predicates → verify, and every way that must fail.
public sealed partial class MainHostTests
{
    private const string SdCircuit = "selective-disclosure";

    // Hidden in every proof below: must never appear in the logs, the database or the cache, in any form.
    private const string HiddenSubject = "did:example:holder-5b8e1f0c2d7a";
    private const string HiddenBirthDate = "1990-05-17";
    private const string HiddenLicenceClass = "C1E-Zwanenburg";
    private const long HiddenScore = 650;

    // Revealed in the main proof (they are public once proved, as the field encodings in the public signals), but
    // their plaintext is stored nowhere.
    private const string RevealedName = "Alice Example-Vermeer";
    private const string RevealedNationality = "NLD";

    private static JsonObject DrivingLicence(string subject = HiddenSubject, string? expiresAt = null)
    {
        var request = new JsonObject
        {
            ["subject"] = subject,
            ["type"] = "DrivingLicence",
            ["attributes"] = new JsonArray(
                Attribute("name", "string", RevealedName),
                Attribute("birth_date", "date", HiddenBirthDate),
                Attribute("nationality", "string", RevealedNationality),
                Attribute("licence_class", "string", HiddenLicenceClass),
                Attribute("score", "integer", HiddenScore)),
        };
        if (expiresAt is not null)
        {
            request["expires_at"] = expiresAt;
        }
        return request;
    }

    private static JsonObject Attribute(string name, string type, JsonNode? value) => new() { ["name"] = name, ["type"] = type, ["value"] = value };

    private static string FreshNonce() => new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>The field encodings of the hidden values (as the public signals would carry them, were they revealed).</summary>
    private static string[] HiddenEncodings() =>
    [
        DateOnly.ParseExact(HiddenBirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber.ToString(CultureInfo.InvariantCulture),
        EncodeString(HiddenLicenceClass),
        (new BigInteger(HiddenScore) + (BigInteger.One << 63)).ToString(CultureInfo.InvariantCulture),
    ];

    private static string EncodeString(string text) => new BigInteger(Encoding.UTF8.GetBytes(text), isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);

    /// <summary>A client whose key holds only these scopes (made with the binary's <c>keys create</c>).</summary>
    private async Task<HttpClient> ClientWithScopesAsync(string scopes)
    {
        var (exitCode, stdout, stderr) = await HostProcess.KeysAsync(HostProcess.DatabaseUrl(main.Database.ConnectionString), "create", "--scope", scopes, "--name", $"credential tests {scopes}");
        Assert.True(exitCode == 0, $"keys create: {stderr}");
        var client = new HttpClient { BaseAddress = main.Host.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-API-Key", stdout.Trim());
        return client;
    }

    private Task<JsonElement> IssueAsync(JsonObject request) => IssueAsync(Http, request);

    private static async Task<JsonElement> IssueAsync(HttpClient http, JsonObject request)
    {
        var issued = await Api.PostJsonAsync(http, "/credentials", request);
        Assert.True(issued.Status == HttpStatusCode.Created, $"POST /credentials: {issued}");
        return issued.Json;
    }

    private static string CredentialId(JsonElement vc) => vc.GetProperty("id").GetString()!["urn:uuid:".Length..];

    private static JsonObject ProofRequest(string credentialId, string nonce) => new()
    {
        ["circuit_id"] = SdCircuit,
        ["credential_id"] = credentialId,
        ["reveal_attributes"] = new JsonArray("name", "nationality"),
        ["predicates"] = new JsonArray(
            new JsonObject { ["attribute"] = "birth_date", ["op"] = "age_at_least", ["value"] = 18 },
            new JsonObject { ["attribute"] = "score", ["op"] = "<=", ["value"] = 700 }),
        ["nonce"] = nonce,
    };

    private async Task<JsonElement> ProveFromCredentialAsync(JsonObject request)
    {
        var reply = await Api.PostJsonAsync(Http, "/proofs/generate", request);
        Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.Accepted, $"POST /proofs/generate from a credential: {reply}");
        var job = reply.Status == HttpStatusCode.OK ? reply.Json : await Api.WaitForProofAsync(Http, reply.String("proof_id")!, TimeSpan.FromSeconds(60));
        Assert.True(job.GetProperty("status").GetString() == "succeeded", $"proof did not succeed: {job}");
        return job;
    }

    private Task<Reply> VerifyPresentationAsync(JsonElement proof, JsonNode signals, JsonElement presentation, string nonce) =>
        Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject
        {
            ["circuit_id"] = SdCircuit,
            ["proof"] = JsonNode.Parse(proof.GetRawText()),
            ["public_signals"] = signals.DeepClone(),
            ["presentation"] = JsonNode.Parse(presentation.GetRawText()),
            ["nonce"] = nonce,
        });

    private static JsonArray Signals(JsonElement job) => JsonNode.Parse(job.GetProperty("public_signals").GetRawText())!.AsArray();

    [Fact]
    public async Task A_credential_is_issued_proved_with_selective_disclosure_and_verified_and_every_tampering_fails()
    {
        // Issue: the answer is a W3C VC 2.0 document without the values (this issuer's key holds no credentials:read scope).
        using var issuer = await ClientWithScopesAsync("credentials:issue");
        var vc = await IssueAsync(issuer, DrivingLicence());
        Assert.Equal("https://www.w3.org/ns/credentials/v2", vc.GetProperty("@context")[0].GetString());
        Assert.Equal(["VerifiableCredential", "DrivingLicence"], vc.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Empty(vc.GetProperty("credentialSubject").EnumerateObject());
        Assert.Equal(["name", "birth_date", "nationality", "licence_class", "score"],
            vc.GetProperty("credentialSchema").GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.False(vc.GetProperty("credentialStatus").GetProperty("revoked").GetBoolean());
        string credentialId = CredentialId(vc);
        var fetched = await Api.GetAsync(issuer, $"/credentials/{credentialId}");
        Assert.True(fetched.Status == HttpStatusCode.OK, $"GET /credentials/{credentialId}: {fetched}");
        ProblemAssert.NoSecrets(fetched, [HiddenSubject, HiddenBirthDate, HiddenLicenceClass, RevealedName, .. HiddenEncodings()]);
        // With credentials:read the subject, the values and the signature are there.
        using var reader = await ClientWithScopesAsync("credentials:read");
        var plain = await Api.GetAsync(reader, $"/credentials/{credentialId}");
        var subject = plain.Json.GetProperty("credentialSubject");
        Assert.Equal(HiddenSubject, subject.GetProperty("id").GetString());
        Assert.Equal(HiddenBirthDate, subject.GetProperty("birth_date").GetString());
        Assert.Equal(HiddenScore, subject.GetProperty("score").GetInt64());
        Assert.True(plain.Json.GetProperty("proof").GetProperty("proofValue").TryGetProperty("s", out _), $"no signature with credentials:read: {plain}");
        // A key without a credentials scope (verify only) may not read it at all.
        using var verifier = await ClientWithScopesAsync("verify");
        ProblemAssert.Problem(await Api.GetAsync(verifier, $"/credentials/{credentialId}"), HttpStatusCode.Forbidden, "authorization");

        var keys = await Api.GetAsync(Http, "/credentials/issuer-keys");
        var active = keys.Json.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("active").GetBoolean());

        // Prove: reveal name and nationality; age ≥ 18 and score ≤ 700, birth date and score hidden; bound to a
        // challenge the verifier asked for.
        string nonce = await Api.ChallengeAsync(Http);
        var job = await ProveFromCredentialAsync(ProofRequest(credentialId, nonce));
        string proofId = job.GetProperty("proof_id").GetString()!;
        var proof = job.GetProperty("proof");
        var signals = Signals(job);
        var presentation = job.GetProperty("presentation");
        Assert.Equal(42, signals.Count);
        Assert.Equal(EncodeString(RevealedName), (string)signals[0]!);
        Assert.Equal("0", (string)signals[1]!); // birth date: hidden
        Assert.Equal(EncodeString(RevealedNationality), (string)signals[2]!);
        Assert.Equal("0", (string)signals[3]!);
        Assert.Equal("0", (string)signals[4]!);
        Assert.Equal(active.GetProperty("x").GetString(), (string)signals[16]!);
        Assert.Equal(nonce, (string)signals[40]!);

        // Verify: exactly the revealed values, decoded, and the predicates, nothing else.
        var verified = await VerifyPresentationAsync(proof, signals, presentation, nonce);
        Assert.True(verified.Status == HttpStatusCode.OK, $"verify: {verified}");
        Assert.True(verified.Json.GetProperty("valid").GetBoolean(), $"verify: {verified}");
        var credential = verified.Json.GetProperty("credential");
        Assert.Equal("DrivingLicence", credential.GetProperty("type").GetString());
        Assert.Equal(active.GetProperty("key_id").GetString(), credential.GetProperty("issuer").GetProperty("key_id").GetString());
        var revealed = credential.GetProperty("revealed");
        Assert.Equal(["name", "nationality"], revealed.EnumerateObject().Select(p => p.Name));
        Assert.Equal(RevealedName, revealed.GetProperty("name").GetString());
        Assert.Equal(RevealedNationality, revealed.GetProperty("nationality").GetString());
        var predicates = credential.GetProperty("predicates").EnumerateArray().ToList();
        Assert.Equal(2, predicates.Count);
        Assert.Equal("birth_date", predicates[0].GetProperty("attribute").GetString());
        Assert.Equal("<=", predicates[0].GetProperty("op").GetString());
        Assert.Equal(Today.AddYears(-18).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), predicates[0].GetProperty("value").GetString());
        Assert.Equal(18, predicates[0].GetProperty("age_at_least").GetInt32());
        Assert.Equal("score", predicates[1].GetProperty("attribute").GetString());
        Assert.Equal("<=", predicates[1].GetProperty("op").GetString());
        Assert.Equal(700, predicates[1].GetProperty("value").GetInt64());
        Assert.False(predicates[1].TryGetProperty("age_at_least", out _));
        ProblemAssert.NoSecrets(verified, [HiddenSubject, HiddenBirthDate, HiddenLicenceClass, .. HiddenEncodings()]);

        // The nonce is spent: presenting the same proof again (here by its id, the presentation stored with it) is a replay.
        var replay = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject { ["proof_id"] = proofId, ["nonce"] = nonce });
        ProblemAssert.Problem(replay, HttpStatusCode.Conflict, "nonce");
        var again = await VerifyPresentationAsync(proof, signals, presentation, nonce);
        ProblemAssert.Problem(again, HttpStatusCode.Conflict, "nonce");

        // snarkjs accepts the proof with the exported verification key.
        var key = await Api.GetAsync(Http, $"/circuits/{SdCircuit}/verification_key");
        var (exitCode, output) = await Snarkjs.VerifyAsync(key.Body, signals.ToJsonString(), proof.GetRawText());
        Assert.True(exitCode == 0 && output.Contains("OK!", StringComparison.Ordinal), $"snarkjs groth16 verify exited {exitCode}: {output}");

        // Any revealed value changed, a hidden slot filled in, the schema digest or the issuer key changed: invalid.
        var tamperings = new (int Index, string Value, string What)[]
        {
            (0, EncodeString("Mallory Example"), "revealed name"),
            (2, EncodeString("BEL"), "revealed nationality"),
            (1, HiddenEncodings()[0], "hidden birth date put in its slot"),
            (15, "1", "schema digest"),
            (16, "1", "issuer key"),
            (39, "9223372036854776000", "score threshold"),
            (40, FreshNonce(), "nonce signal"),
        };
        foreach (var (index, value, what) in tamperings)
        {
            var tampered = signals.DeepClone().AsArray();
            tampered[index] = value;
            string expectedNonce = index == 40 ? value : nonce;
            var reply = await VerifyPresentationAsync(proof, tampered, presentation, expectedNonce);
            Assert.True(reply.Status == HttpStatusCode.OK, $"{what}: {reply}");
            Assert.False(reply.Json.GetProperty("valid").GetBoolean(), $"{what} changed and the proof still verified: {reply}");
            Assert.Equal(JsonValueKind.Null, reply.Json.GetProperty("credential").ValueKind);
            var (snarkjsExit, _) = await Snarkjs.VerifyAsync(key.Body, tampered.ToJsonString(), proof.GetRawText());
            Assert.True(snarkjsExit != 0, $"snarkjs accepted the proof with the {what} changed");
        }

        // Another nonce than the one the verifier issued: the proof is sound but not for this verifier.
        var replayed = await VerifyPresentationAsync(proof, signals, presentation, FreshNonce());
        Assert.False(replayed.Json.GetProperty("valid").GetBoolean(), $"verified with another nonce: {replayed}");
        Assert.Contains("nonce", replayed.String("reason"), StringComparison.Ordinal);

        // A presentation whose schema relabels the slots (score presented as an age) does not match the signed digest.
        var relabelled = JsonNode.Parse(presentation.GetRawText())!;
        relabelled["schema"]!["attributes"]![4]!["name"] = "age";
        var relabel = await VerifyPresentationAsync(proof, signals, JsonDocument.Parse(relabelled.ToJsonString()).RootElement, nonce);
        Assert.False(relabel.Json.GetProperty("valid").GetBoolean(), $"a relabelled schema verified: {relabel}");

        // Missing nonce: the verifier must say which nonce it issued.
        var noNonce = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject { ["proof_id"] = proofId });
        ProblemAssert.Problem(noNonce, HttpStatusCode.BadRequest, "nonce");

        // Revoked: cannot be proved any more.
        var revoked = await Api.SendAsync(Http, HttpMethod.Delete, $"/credentials/{credentialId}");
        Assert.True(revoked.Status == HttpStatusCode.OK, $"DELETE: {revoked}");
        Assert.True(revoked.Json.GetProperty("credentialStatus").GetProperty("revoked").GetBoolean());
        // Answered as GET answers: the values to a caller holding credentials:read (the admin key), not to the issuer's key.
        Assert.Equal(HiddenSubject, revoked.Json.GetProperty("credentialSubject").GetProperty("id").GetString());
        Assert.Equal(HiddenBirthDate, revoked.Json.GetProperty("credentialSubject").GetProperty("birth_date").GetString());
        var revokedAgain = await Api.SendAsync(issuer, HttpMethod.Delete, $"/credentials/{credentialId}");
        Assert.True(revokedAgain.Status == HttpStatusCode.OK, $"DELETE again: {revokedAgain}");
        Assert.Empty(revokedAgain.Json.GetProperty("credentialSubject").EnumerateObject());
        ProblemAssert.NoSecrets(revokedAgain, [HiddenSubject, HiddenBirthDate, HiddenLicenceClass, RevealedName, .. HiddenEncodings()]);
        Assert.Equal(revoked.Json.GetProperty("credentialStatus").GetProperty("revokedAt").ToString(), revokedAgain.Json.GetProperty("credentialStatus").GetProperty("revokedAt").ToString());
        var afterRevocation = await Api.PostJsonAsync(Http, "/proofs/generate", ProofRequest(credentialId, FreshNonce()));
        var problem = ProblemAssert.Problem(afterRevocation, HttpStatusCode.Gone, "credential_id");
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nonce_the_service_did_not_issue_does_not_verify()
    {
        string nonce = FreshNonce(); // never issued by POST /proofs/challenges
        var job = await ProveFromCredentialAsync(ProofRequest(CredentialId(await IssueAsync(DrivingLicence())), nonce));
        var reply = await VerifyPresentationAsync(job.GetProperty("proof"), Signals(job), job.GetProperty("presentation"), nonce);
        Assert.True(reply.Status == HttpStatusCode.OK, $"verify: {reply}");
        Assert.False(reply.Json.GetProperty("valid").GetBoolean(), $"a proof bound to a nonce the service never issued verified: {reply}");
        Assert.Contains("challenges", reply.String("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_signed_by_another_issuer_key_proves_but_does_not_verify()
    {
        // A proof on the same circuit over the same attributes, signed by a key this service never held (circomlibjs).
        var job = await ProveFromCredentialAsync(ProofRequest(CredentialId(await IssueAsync(DrivingLicence())), FreshNonce()));
        var honest = Signals(job);
        string digest = (string)honest[15]!;
        int expires = Today.AddDays(365).DayNumber;
        var slots = new List<string>
        {
            EncodeString(RevealedName),
            HiddenEncodings()[0],
            EncodeString(RevealedNationality),
            HiddenEncodings()[1],
            HiddenEncodings()[2],
        };
        while (slots.Count < 15)
        {
            slots.Add("0");
        }
        slots.Add(digest);
        var signed = await SignWithCircomlibjsAsync(slots, expires, "another-issuer-key-not-trusted!!");
        string nonce = FreshNonce();
        var inputs = new JsonObject
        {
            ["attributes"] = new JsonArray([.. slots.Select(s => (JsonNode)JsonValue.Create(s))]),
            ["expires_at"] = expires.ToString(CultureInfo.InvariantCulture),
            ["R8x"] = signed["R8x"]!.GetValue<string>(),
            ["R8y"] = signed["R8y"]!.GetValue<string>(),
            ["S"] = signed["S"]!.GetValue<string>(),
            ["issuer_Ax"] = signed["issuer_Ax"]!.GetValue<string>(),
            ["issuer_Ay"] = signed["issuer_Ay"]!.GetValue<string>(),
            ["reveal_mask"] = new JsonArray([.. Enumerable.Range(0, 16).Select(i => (JsonNode)JsonValue.Create(i is 0 or 2 or 15 ? "1" : "0"))]),
            ["predicate_index"] = new JsonArray("1", "4"),
            ["predicate_kind"] = new JsonArray("2", "2"),
            ["predicate_threshold"] = new JsonArray(Today.AddYears(-18).DayNumber.ToString(CultureInfo.InvariantCulture), (new BigInteger(700) + (BigInteger.One << 63)).ToString(CultureInfo.InvariantCulture)),
            ["nonce"] = nonce,
            ["now"] = Today.DayNumber.ToString(CultureInfo.InvariantCulture),
        };
        var forged = await Api.ProveAsync(Http, SdCircuit, inputs);
        var reply = await VerifyPresentationAsync(forged.GetProperty("proof"), Signals(forged), job.GetProperty("presentation"), nonce);
        Assert.True(reply.Status == HttpStatusCode.OK, $"verify: {reply}");
        Assert.False(reply.Json.GetProperty("valid").GetBoolean(), $"a credential from an untrusted issuer verified: {reply}");
        Assert.Contains("issuer", reply.String("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_requests_that_cannot_be_served_get_a_problem_naming_the_field()
    {
        string id = CredentialId(await IssueAsync(DrivingLicence()));
        string[] secrets = [HiddenSubject, HiddenBirthDate, HiddenLicenceClass, .. HiddenEncodings()];

        JsonObject With(Action<JsonObject> change)
        {
            var request = ProofRequest(id, FreshNonce());
            change(request);
            return request;
        }
        var cases = new (JsonObject Request, HttpStatusCode Status, string Field)[]
        {
            (With(r => r["reveal_attributes"] = new JsonArray("name", "eye_colour")), HttpStatusCode.BadRequest, "reveal_attributes[1]"),
            (With(r => r["reveal_attributes"] = new JsonArray([.. Enumerable.Range(0, 16).Select(_ => (JsonNode)JsonValue.Create("name"))])), HttpStatusCode.BadRequest, "reveal_attributes"),
            (With(r => r["reveal_attributes"] = new JsonArray("name", "name")), HttpStatusCode.BadRequest, "reveal_attributes[1]"),
            (With(r => r["predicates"]![0]!["attribute"] = "nationality"), HttpStatusCode.BadRequest, "predicates[0].attribute"),
            (With(r => r["predicates"]![0]!["attribute"] = "height"), HttpStatusCode.BadRequest, "predicates[0].attribute"),
            (With(r => r["predicates"]![1]!["op"] = "=="), HttpStatusCode.BadRequest, "predicates[1].op"),
            (With(r => r["predicates"]![1]!["value"] = "700"), HttpStatusCode.BadRequest, "predicates[1].value"),
            (With(r => r["predicates"]![1]!["value"] = 600), HttpStatusCode.UnprocessableEntity, "predicates[1]"),
            (With(r => ((JsonArray)r["predicates"]!).Add(new JsonObject { ["attribute"] = "score", ["op"] = ">=", ["value"] = 1 })), HttpStatusCode.BadRequest, "predicates"),
            (With(r => r.Remove("nonce")), HttpStatusCode.BadRequest, "nonce"),
            (With(r => r["nonce"] = "21888242871839275222246405745257275088548364400416034343698204186575808495617"), HttpStatusCode.BadRequest, "nonce"),
            (With(r => r["nonce"] = "007"), HttpStatusCode.BadRequest, "nonce"),
            (With(r => r["credential_id"] = Guid.NewGuid().ToString()), HttpStatusCode.NotFound, "credential_id"),
            (With(r => r["credential_id"] = "not-a-uuid"), HttpStatusCode.BadRequest, "credential_id"),
            (With(r => r["circuit_id"] = "solvency"), HttpStatusCode.BadRequest, "circuit_id"),
            (With(r => r["inputs"] = new JsonObject()), HttpStatusCode.BadRequest, "inputs"),
        };
        foreach (var (request, status, field) in cases)
        {
            var reply = await Api.PostJsonAsync(Http, "/proofs/generate", request);
            ProblemAssert.Problem(reply, status, field, secrets);
        }

        var issueCases = new (JsonObject Request, string Field)[]
        {
            (Mutate(DrivingLicence(), r => r["attributes"]![0]!["type"] = "text"), "attributes[0].type"),
            (Mutate(DrivingLicence(), r => r["attributes"]![1]!["value"] = "17-05-1990"), "attributes[1].value"),
            (Mutate(DrivingLicence(), r => r["attributes"]![4]!["value"] = 6.5), "attributes[4].value"),
            (Mutate(DrivingLicence(), r => r["attributes"]![0]!["value"] = new string('x', 32)), "attributes[0].value"),
            (Mutate(DrivingLicence(), r => r["attributes"]![2]!["name"] = "name"), "attributes[2].name"),
            (Mutate(DrivingLicence(), r => r["attributes"]![2]!["name"] = "2nd"), "attributes[2].name"),
            (Mutate(DrivingLicence(), r => r["type"] = "Driving Licence"), "type"),
            (Mutate(DrivingLicence(), r => r.Remove("subject")), "subject"),
            (Mutate(DrivingLicence(), r => r["expires_at"] = "2001-01-01"), "expires_at"),
            (Mutate(DrivingLicence(), r => r["attributes"] = new JsonArray([.. Enumerable.Range(0, 16).Select(i => (JsonNode)Attribute($"a{i}", "boolean", true))])), "attributes"),
            (Mutate(DrivingLicence(), r => r["extra"] = 1), "extra"),
        };
        foreach (var (request, field) in issueCases)
        {
            var reply = await Api.PostJsonAsync(Http, "/credentials", request);
            ProblemAssert.Problem(reply, HttpStatusCode.BadRequest, field, secrets);
        }
        // An escape the JSON parser accepts but that is not text (a lone surrogate), in a value or a name.
        foreach (string path in new[] { "/credentials", "/proofs/generate", "/proofs/verify" })
        {
            ProblemAssert.Problem(await Api.PostJsonAsync(Http, path, """{"subject":"x\ud800y","type":"T"}"""), HttpStatusCode.BadRequest, "body");
            ProblemAssert.Problem(await Api.PostJsonAsync(Http, path, """{"circuit_id\udc00":1}"""), HttpStatusCode.BadRequest, "body");
        }
        ProblemAssert.Problem(await Api.GetAsync(Http, $"/credentials/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "id");
        ProblemAssert.Problem(await Api.SendAsync(Http, HttpMethod.Delete, "/credentials/nope"), HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task Credential_attributes_appear_in_no_log_table_or_cache_entry()
    {
        var vc = await IssueAsync(DrivingLicence());
        string nonce = await Api.ChallengeAsync(Http);
        var job = await ProveFromCredentialAsync(ProofRequest(CredentialId(vc), nonce));
        string proofId = job.GetProperty("proof_id").GetString()!;
        var verified = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject { ["proof_id"] = proofId, ["nonce"] = nonce });
        Assert.True(verified.Json.GetProperty("valid").GetBoolean(), $"verify: {verified}");
        Assert.True((await Api.GetAsync(Http, $"/proofs/{proofId}")).Status == HttpStatusCode.OK); // fills the cache
        await Task.Delay(500);

        string logs = main.Host.Output;
        string database = await StoredData.DumpDatabaseAsync(main.Database.ConnectionString);
        string redis = StoredData.DumpRedis(main.Redis.Port);
        Assert.Contains(CredentialId(vc), database, StringComparison.Ordinal);
        Assert.Contains("credentials.credentials", database, StringComparison.Ordinal);
        Assert.Contains(proofId, database, StringComparison.Ordinal);
        // Plaintext of every attribute (revealed ones too: the service keeps only their public encodings in the
        // proof's signals) and the encodings of the hidden ones.
        // The encodings are searched as JSON strings ("726603"), the form a signal would take: a bare six-digit
        // number turns up by chance inside the long decimals of the many proofs the shared host has stored.
        string[] mustNotAppear = [HiddenSubject, HiddenBirthDate, HiddenLicenceClass, RevealedName, .. HiddenEncodings().Select(e => $"\"{e}\"")];
        var leaks = new List<string>();
        foreach (string secret in mustNotAppear)
        {
            foreach (var (where, text) in new[] { ("logs", logs), ("database", database), ("redis", redis) })
            {
                if (text.Contains(secret, StringComparison.Ordinal))
                {
                    leaks.Add($"{where}: {secret}");
                }
            }
        }
        Assert.True(leaks.Count == 0, "private attribute values found:\n" + string.Join("\n", leaks));
    }

    private static JsonObject Mutate(JsonObject request, Action<JsonObject> change)
    {
        change(request);
        return request;
    }

    /// <summary>Signs slots and expiry with circomlibjs under another key (circuits/selective-disclosure/make-example.js's signCredential).</summary>
    private static async Task<JsonObject> SignWithCircomlibjsAsync(IReadOnlyList<string> slots, int expiresAt, string privateKey)
    {
        string script = Path.Combine(HostProcess.CircuitsDirectory, "selective-disclosure", "make-example.js").Replace("\\", "/", StringComparison.Ordinal);
        string code = $"require('{script}').signCredential({JsonSerializer.Serialize(slots)}, {expiresAt}, Buffer.from('{privateKey}')).then(r => console.log(JSON.stringify(r)))";
        var node = await ExternalProcess.RunAsync("node", ["-e", code], Repository.Root);
        Assert.True(node.ExitCode == 0, $"node signCredential failed: {node.Stderr}");
        return JsonNode.Parse(node.Stdout)!.AsObject();
    }
}
