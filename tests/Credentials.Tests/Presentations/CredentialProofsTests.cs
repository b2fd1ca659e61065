using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Bn254.BabyJubJub;
using CredentialHub.Bn254.Fields;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Credentials.Issuing;
using CredentialHub.Credentials.Presentations;
using CredentialHub.Credentials.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CredentialHub.Credentials.Tests.Presentations;

/// <summary>
/// Issuing, circuit inputs and presentation checks in process (in-memory store, a clock the test moves). The circuit
/// itself is simulated by its definition (revealed = mask · attribute); the real circuit is exercised over HTTP in the
/// integration tests.
/// </summary>
public sealed class CredentialProofsTests
{
    private static readonly DateTimeOffset Start = new(2028, 2, 29, 12, 0, 0, TimeSpan.Zero);

    private sealed class Service
    {
        public readonly InMemoryCredentialStore Store = new();
        public readonly ManualTimeProvider Clock = new(Start);
        public readonly CredentialsSecrets Secrets = new(RandomNumberGenerator.GetBytes(32));
        public IssuerKeyring Keyring = null!;
        public CredentialIssuer Issuer = null!;
        public CredentialProofs Proofs = null!;

        public static async Task<Service> StartAsync()
        {
            var service = new Service();
            service.Keyring = new IssuerKeyring(service.Store, service.Secrets, service.Clock, NullLogger<IssuerKeyring>.Instance);
            await service.Keyring.LoadAsync(CancellationToken.None);
            service.Issuer = new CredentialIssuer(service.Store, service.Keyring, service.Secrets, service.Clock);
            service.Proofs = new CredentialProofs(service.Store, service.Issuer, service.Keyring, Options.Create(new CredentialsModuleOptions()), service.Clock);
            return service;
        }

        public async Task<StoredCredential> IssueAsync(string? expiresAt = null)
        {
            var request = new JsonObject
            {
                ["subject"] = "did:example:carol",
                ["type"] = "Membership",
                ["attributes"] = new JsonArray(
                    new JsonObject { ["name"] = "name", ["type"] = "string", ["value"] = "Carol Secret-Name" },
                    new JsonObject { ["name"] = "birth_date", ["type"] = "date", ["value"] = "2010-02-28" },
                    new JsonObject { ["name"] = "balance", ["type"] = "integer", ["value"] = -250 },
                    new JsonObject { ["name"] = "active", ["type"] = "boolean", ["value"] = true }),
            };
            if (expiresAt is not null)
            {
                request["expires_at"] = expiresAt;
            }
            using var document = JsonDocument.Parse(request.ToJsonString());
            return (await Issuer.IssueAsync(document.RootElement, CancellationToken.None)).Stored;
        }

        public async Task<JsonObject> InputAsync(Guid id, string reveal, string predicates, string nonce = "99")
        {
            string json = $$"""{"credential_id":"{{id}}","reveal_attributes":{{reveal}},"predicates":{{predicates}},"nonce":"{{nonce}}"}""";
            using var document = JsonDocument.Parse(json);
            var result = await Proofs.BuildInputAsync(Request(document.RootElement), CancellationToken.None);
            var built = result.Input ?? throw new CredentialRefused(result.Refusal!);
            return Json(built.Inputs);
        }

        /// <summary>Typed circuit inputs as the JSON object of an input file: scalars as strings, arrays as arrays of strings.</summary>
        private static JsonObject Json(IReadOnlyList<InputSignal> inputs) =>
            new(inputs.Select(s => KeyValuePair.Create(s.Name, s.Shape is { Count: 0 }
                ? (JsonNode?)JsonValue.Create(s.Values[0].ToString(CultureInfo.InvariantCulture))
                : new JsonArray([.. s.Values.Select(v => (JsonNode?)JsonValue.Create(v.ToString(CultureInfo.InvariantCulture)))]))));

        /// <summary>The typed request of a generate body, read as the API reads it.</summary>
        private static CredentialProofRequest Request(JsonElement body)
        {
            static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            static RequestList<T> List<T>(JsonElement e, string name, Func<JsonElement, T?> item) where T : class =>
                e.GetProperty(name) is { ValueKind: JsonValueKind.Array } array ? new([.. array.EnumerateArray().Select(item)]) : RequestList<T>.NotAnArray;
            return new CredentialProofRequest("selective-disclosure", Text(body, "credential_id"),
                List(body, "reveal_attributes", r => r.ValueKind == JsonValueKind.String ? r.GetString() : null),
                List(body, "predicates", p => p.ValueKind != JsonValueKind.Object ? null : new CredentialPredicate(Text(p, "attribute"), Text(p, "op"),
                    p.TryGetProperty("value", out var value) ? value : null, p.EnumerateObject().Select(m => m.Name).FirstOrDefault(n => n is not ("attribute" or "op" or "value")))),
                Text(body, "nonce"));
        }
    }

    /// <summary>A request the Credentials module refused.</summary>
    private sealed class CredentialRefused(CredentialRefusal refusal) : Exception(refusal.Message)
    {
        public CredentialRefusalReason Reason => refusal.Reason;

        public string Field => refusal.Field;
    }

    /// <summary>The public signals the circuit would output for an input (revealed = mask · attribute).</summary>
    private static List<string> PublicSignals(JsonObject input) => SelectiveDisclosureSignals.Of(input);

    private static JsonElement Presentation(StoredCredential credential) =>
        JsonDocument.Parse(new JsonObject { ["schema"] = JsonNode.Parse(credential.SchemaJson) }.ToJsonString()).RootElement;

    [Fact]
    public async Task The_input_carries_a_signature_that_verifies_and_the_checks_decode_what_is_revealed()
    {
        var service = await Service.StartAsync();
        var credential = await service.IssueAsync();
        var input = await service.InputAsync(credential.Id, """["name","active"]""",
            """[{"attribute":"birth_date","op":"age_at_least","value":18},{"attribute":"balance","op":">=","value":-1000}]""");

        // The signature in the input is the issuer's over Poseidon(Poseidon(slots), expires_at).
        var slots = input["attributes"]!.AsArray().Select(v => BigInteger.Parse(v!.GetValue<string>(), CultureInfo.InvariantCulture)).ToArray();
        var message = CredentialContent.Message(slots, credential.ExpiresOn);
        var signature = new EdDsaSignature(
            new BabyJubJubAffine(Fr.Parse(input["R8x"]!.GetValue<string>()), Fr.Parse(input["R8y"]!.GetValue<string>())),
            BigInteger.Parse(input["S"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.True(EdDsaPoseidon.Verify(message, signature, service.Keyring.Active.PublicKey));
        Assert.Equal(AttributeEncoding.EncodeDate(credential.ExpiresOn).ToString(), input["expires_at"]!.GetValue<string>());
        // 29 February 2028 minus 18 years is 28 February 2010 (born that day: 18 today).
        Assert.Equal(new DateOnly(2010, 2, 28).DayNumber.ToString(CultureInfo.InvariantCulture), input["predicate_threshold"]![0]!.GetValue<string>());
        Assert.Equal(["1", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1"], input["reveal_mask"]!.AsArray().Select(v => v!.GetValue<string>()));

        var check = await service.Proofs.CheckAsync("selective-disclosure", PublicSignals(input), Presentation(credential), "99", CancellationToken.None);
        Assert.True(check.IsValid, check.Reason);
        var disclosure = check.Disclosure!;
        Assert.Equal("""{"name":"Carol Secret-Name","active":true}""", disclosure["revealed"]!.ToJsonString());
        Assert.Equal("""[{"attribute":"birth_date","op":"\u003C=","value":"2010-02-28","age_at_least":18},{"attribute":"balance","op":"\u003E=","value":-1000}]""", disclosure["predicates"]!.ToJsonString());
        Assert.Equal("2028-02-29", disclosure["date"]!.GetValue<string>());
    }

    [Fact]
    public async Task Each_presentation_check_refuses_what_it_guards()
    {
        var service = await Service.StartAsync();
        var credential = await service.IssueAsync();
        var input = await service.InputAsync(credential.Id, """["name"]""", """[{"attribute":"balance","op":"<=","value":0}]""");
        var signals = PublicSignals(input);
        var presentation = Presentation(credential);
        async Task<PresentationCheck> Check(List<string> s, string nonce = "99") =>
            await service.Proofs.CheckAsync("selective-disclosure", s, presentation, nonce, CancellationToken.None);
        List<string> With(int index, string value) => [.. signals.Select((s, i) => i == index ? value : s)];

        Assert.True((await Check(signals)).IsValid);
        Assert.Contains("nonce", (await Check(signals, "100")).Reason, StringComparison.Ordinal);
        Assert.Contains("schema", (await Check(With(15, "7"))).Reason, StringComparison.Ordinal);
        Assert.Contains("schema", (await Check(With(18 + 15, "0"))).Reason, StringComparison.Ordinal);
        // A point on the curve, in the subgroup, that is not the issuer's key.
        var stranger = EdDsaPoseidon.DerivePublicKey(Encoding.ASCII.GetBytes("a-key-this-service-never-held!!!")).Point;
        var foreign = With(16, stranger.X.ToString());
        foreign[17] = stranger.Y.ToString();
        Assert.Contains("issuer", (await Check(foreign)).Reason, StringComparison.Ordinal);
        // A predicate over the string slot 0, or over an unused slot, is not a statement about a number.
        Assert.Contains("predicate 0", (await Check(With(34, "0"))).Reason, StringComparison.Ordinal);
        Assert.Contains("predicate 0", (await Check(With(34, "9"))).Reason, StringComparison.Ordinal);
        // A revealed slot whose value is not an encoding of its type.
        var badName = With(0, (BigInteger.One << 250).ToString(CultureInfo.InvariantCulture));
        Assert.Contains("slot 0", (await Check(badName)).Reason, StringComparison.Ordinal);
        Assert.False((await Check(signals[..41])).IsValid);

        // Two days later the proof's "now" is stale.
        service.Clock.Set(Start.AddDays(2));
        Assert.Contains("today", (await Check(signals)).Reason, StringComparison.Ordinal);

        // Malformed presentation or nonce: a 400 naming the field, not an invalid proof.
        var bad = (await service.Proofs.CheckAsync("selective-disclosure", signals, JsonDocument.Parse("""{"schema":{"type":"X","attributes":[]}}""").RootElement, "99", CancellationToken.None)).Refusal!;
        Assert.Equal(("presentation.schema.attributes", CredentialRefusalReason.InvalidRequest), (bad.Field, bad.Reason));
        var nonce = (await Check(signals, "0099")).Refusal!;
        Assert.Equal("nonce", nonce.Field);
    }

    [Fact]
    public async Task Expired_and_revoked_credentials_cannot_be_proved()
    {
        var service = await Service.StartAsync();
        var credential = await service.IssueAsync(expiresAt: "2028-03-01");
        await service.InputAsync(credential.Id, "[]", "[]"); // valid through its last day
        service.Clock.Set(new DateTimeOffset(2028, 3, 1, 23, 59, 0, TimeSpan.Zero));
        await service.InputAsync(credential.Id, "[]", "[]");
        service.Clock.Set(new DateTimeOffset(2028, 3, 2, 0, 0, 0, TimeSpan.Zero));
        var expired = await Assert.ThrowsAsync<CredentialRefused>(() => service.InputAsync(credential.Id, "[]", "[]"));
        Assert.Equal((CredentialRefusalReason.Expired, "credential_id"), (expired.Reason, expired.Field));
        Assert.Contains("expired on 2028-03-01", expired.Message, StringComparison.Ordinal);

        var other = await service.IssueAsync();
        await service.Store.RevokeAsync(other.Id, service.Clock.GetUtcNow(), CancellationToken.None);
        var revoked = await Assert.ThrowsAsync<CredentialRefused>(() => service.InputAsync(other.Id, "[]", "[]"));
        Assert.Equal((CredentialRefusalReason.Revoked, "credential_id"), (revoked.Reason, revoked.Field));
    }

    [Fact]
    public async Task A_predicate_that_does_not_hold_is_refused_before_any_proving()
    {
        var service = await Service.StartAsync();
        var credential = await service.IssueAsync();
        var refused = await Assert.ThrowsAsync<CredentialRefused>(() =>
            service.InputAsync(credential.Id, "[]", """[{"attribute":"birth_date","op":"age_at_least","value":19}]"""));
        Assert.Equal((CredentialRefusalReason.PredicateDoesNotHold, "predicates[0]"), (refused.Reason, refused.Field));
        Assert.DoesNotContain("2010", refused.Message, StringComparison.Ordinal);
        var boolean = await Assert.ThrowsAsync<CredentialRefused>(() =>
            service.InputAsync(credential.Id, "[]", """[{"attribute":"active","op":">=","value":1}]"""));
        Assert.Equal((CredentialRefusalReason.InvalidRequest, "predicates[0].attribute"), (boolean.Reason, boolean.Field));
    }

    [Fact]
    public async Task Sealed_values_are_not_in_the_stored_record_and_open_only_with_the_secret_and_the_owner()
    {
        var service = await Service.StartAsync();
        var credential = await service.IssueAsync();
        string stored = Encoding.UTF8.GetString(credential.Sealed) + credential.SchemaJson + credential.Type;
        Assert.DoesNotContain("Carol Secret-Name", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("did:example:carol", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("2010-02-28", stored, StringComparison.Ordinal);
        Assert.Equal("Carol Secret-Name", service.Issuer.Open(credential).Values[0].GetValue<string>());

        var elsewhere = credential with { Id = Guid.NewGuid() };
        Assert.Throws<CryptographicException>(() => service.Issuer.Open(elsewhere));
        var otherSecret = new CredentialIssuer(service.Store, service.Keyring, new CredentialsSecrets(RandomNumberGenerator.GetBytes(32)), service.Clock);
        Assert.Throws<CryptographicException>(() => otherSecret.Open(credential));
        var flipped = credential with { Sealed = [.. credential.Sealed] };
        flipped.Sealed[^1] ^= 1;
        Assert.Throws<CryptographicException>(() => service.Issuer.Open(flipped));
    }

    [Fact]
    public async Task The_issuer_key_is_created_once_and_opens_only_with_its_secret()
    {
        var service = await Service.StartAsync();
        var again = new IssuerKeyring(service.Store, service.Secrets, service.Clock, NullLogger<IssuerKeyring>.Instance);
        await again.LoadAsync(CancellationToken.None);
        Assert.Equal(service.Keyring.Active.Id, again.Active.Id);
        Assert.Single(await service.Store.ListIssuerKeysAsync(CancellationToken.None));
        Assert.True(again.Active.PublicKey.IsInSubgroup);

        var wrong = new IssuerKeyring(service.Store, new CredentialsSecrets(RandomNumberGenerator.GetBytes(32)), service.Clock, NullLogger<IssuerKeyring>.Instance);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => wrong.LoadAsync(CancellationToken.None));
        Assert.Contains("SECRET_KEY", error.Message, StringComparison.Ordinal);
    }
}
