using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Bn254.Fields;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Credentials.Issuing;
using CredentialHub.Credentials.Storage;
using Microsoft.Extensions.Options;

namespace CredentialHub.Credentials.Presentations;

/// <summary>
/// Proofs about stored credentials on the selective-disclosure circuit (public signals: revealed[16], issuer_Ax,
/// issuer_Ay, reveal_mask[16], predicate_index[2], predicate_kind[2], predicate_threshold[2], nonce, now). Every
/// proof reveals the last slot, the digest of the credential's schema, so that a presentation's names and types
/// are the ones the issuer signed.
/// </summary>
internal sealed class CredentialProofs(ICredentialStore store, CredentialIssuer issuer, IssuerKeyring keyring, IOptions<CredentialsModuleOptions> options, TimeProvider clock) : ICredentialProofs
{
    public const int Predicates = 2;
    public const int PublicSignals = 2 * CredentialSchema.CircuitSlots + 2 + 3 * Predicates + 2;
    public const int MaxAgeYears = 150;

    private const int Slots = CredentialSchema.CircuitSlots;
    private const int IssuerX = Slots, IssuerY = Slots + 1, Mask = Slots + 2, PredicateIndex = 2 * Slots + 2;
    private const int PredicateKind = PredicateIndex + Predicates, PredicateThreshold = PredicateKind + Predicates;
    private const int Nonce = PredicateThreshold + Predicates, Now = Nonce + 1;

    private const int KindOff = 0, KindAtLeast = 1, KindAtMost = 2;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, BigInteger> _digests = new(StringComparer.Ordinal);

    public bool IsCredentialCircuit(string circuitId) => circuitId == options.Value.CircuitId;

    public async Task<CredentialProofResult> BuildInputAsync(CredentialProofRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await BuildAsync(request, cancellationToken);
        }
        catch (CredentialRefusalException e)
        {
            return e.Refusal;
        }
    }

    private async Task<CredentialProofInput> BuildAsync(CredentialProofRequest request, CancellationToken cancellationToken)
    {
        string circuitId = request.CircuitId;
        if (!IsCredentialCircuit(circuitId))
        {
            throw Refuse(CredentialRefusalReason.NotACredentialCircuit, "circuit_id", $"proofs from a credential use circuit '{options.Value.CircuitId}', not '{Shorten(circuitId)}'");
        }
        if (request.CredentialId is not { } idText || !Guid.TryParseExact(idText, "D", out var id))
        {
            throw Refuse(CredentialRefusalReason.InvalidCredentialId, "credential_id", "credential_id must be a credential's UUID");
        }
        var credential = await store.FindAsync(id, cancellationToken)
            ?? throw Refuse(CredentialRefusalReason.UnknownCredential, "credential_id", $"there is no credential {id}");
        if (credential.RevokedAt is { } revokedAt)
        {
            throw Refuse(CredentialRefusalReason.Revoked, "credential_id", $"credential {id} was revoked on {revokedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z and can no longer be proved");
        }
        var today = Today();
        if (credential.ExpiresOn < today)
        {
            throw Refuse(CredentialRefusalReason.Expired, "credential_id", $"credential {id} expired on {AttributeEncoding.FormatDate(credential.ExpiresOn)}");
        }
        var schema = CredentialSchema.Parse(credential.SchemaJson);

        var mask = new int[Slots];
        mask[CredentialSchema.SchemaSlot] = 1;
        if (request.RevealAttributes is { } reveals)
        {
            if (reveals.Items is not { } names)
            {
                throw Invalid("reveal_attributes", "reveal_attributes must be an array of attribute names");
            }
            if (names.Count > CredentialSchema.MaxAttributes)
            {
                throw Invalid("reveal_attributes", $"{names.Count} attributes to reveal, but the circuit has {CredentialSchema.MaxAttributes} attribute slots");
            }
            int r = 0;
            foreach (var reveal in names)
            {
                string at = $"reveal_attributes[{r++}]";
                if (reveal is null)
                {
                    throw Invalid(at, $"{at} must be an attribute name");
                }
                int slot = schema.IndexOf(reveal);
                if (slot < 0)
                {
                    throw Invalid(at, $"the credential has no attribute '{Shorten(reveal)}' (it has {string.Join(", ", schema.Attributes.Select(a => a.Name))})");
                }
                if (mask[slot] == 1)
                {
                    throw Invalid(at, $"attribute '{schema.Attributes[slot].Name}' is listed twice");
                }
                mask[slot] = 1;
            }
        }

        var content = issuer.Open(credential);
        var slots = CredentialIssuer.SlotsOf(credential, content);
        var predicateIndex = new int[Predicates];
        var predicateKind = new int[Predicates];
        var predicateThreshold = new BigInteger[Predicates];
        if (request.Predicates is { } given)
        {
            if (given.Items is not { } predicates)
            {
                throw Invalid("predicates", "predicates must be an array of {attribute, op, value}");
            }
            if (predicates.Count > Predicates)
            {
                throw Invalid("predicates", $"{predicates.Count} predicates, but the circuit proves at most {Predicates}");
            }
            int p = 0;
            foreach (var predicate in predicates)
            {
                string at = $"predicates[{p}]";
                var (slot, kind, threshold) = ParsePredicate(predicate, at, schema, today);
                bool holds = kind == KindAtLeast ? slots[slot] >= threshold : slots[slot] <= threshold;
                if (!holds)
                {
                    throw Refuse(CredentialRefusalReason.PredicateDoesNotHold, at, $"{at} does not hold for this credential's '{schema.Attributes[slot].Name}'");
                }
                (predicateIndex[p], predicateKind[p], predicateThreshold[p]) = (slot, kind, threshold);
                p++;
            }
        }
        if (!TryParseField(request.Nonce, out var nonce))
        {
            throw Invalid("nonce", "nonce must be the verifier's nonce: a decimal string of a number below the BN254 scalar field's order r");
        }

        var key = await keyring.FindAsync(credential.IssuerKeyId, cancellationToken)
            ?? throw new InvalidOperationException($"the issuer key {credential.IssuerKeyId} of credential {id} is not in the store");
        var inputs = new List<InputSignal>
        {
            Array("attributes", slots),
            Scalar("expires_at", AttributeEncoding.EncodeDate(credential.ExpiresOn)),
            Scalar("R8x", Field(content.R8x)),
            Scalar("R8y", Field(content.R8y)),
            Scalar("S", Field(content.S)),
            Scalar("issuer_Ax", Field(key.X)),
            Scalar("issuer_Ay", Field(key.Y)),
            Array("reveal_mask", [.. mask.Select(m => new BigInteger(m))]),
            Array("predicate_index", [.. predicateIndex.Select(i => new BigInteger(i))]),
            Array("predicate_kind", [.. predicateKind.Select(k => new BigInteger(k))]),
            Array("predicate_threshold", predicateThreshold),
            Scalar("nonce", nonce),
            Scalar("now", AttributeEncoding.EncodeDate(today)),
        };
        return new CredentialProofInput(inputs, new JsonObject { ["schema"] = schema.ToJson() });
    }

    private static (int Slot, int Kind, BigInteger Threshold) ParsePredicate(CredentialPredicate? predicate, string at, CredentialSchema schema, DateOnly today)
    {
        if (predicate is null)
        {
            throw Invalid(at, $"{at} must be an object with attribute, op and value");
        }
        if (predicate.UnknownMember is { } unknown)
        {
            throw Invalid($"{at}.{Shorten(unknown)}", $"'{Shorten(unknown)}' is not a field of a predicate (attribute, op, value)");
        }
        if (predicate.Attribute is not { } name)
        {
            throw Invalid($"{at}.attribute", $"{at}.attribute must be an attribute name");
        }
        int slot = schema.IndexOf(name);
        if (slot < 0)
        {
            throw Invalid($"{at}.attribute", $"the credential has no attribute '{Shorten(name)}'");
        }
        var attribute = schema.Attributes[slot];
        if (!AttributeEncoding.IsOrdered(attribute.Type))
        {
            throw Invalid($"{at}.attribute", $"'{attribute.Name}' is a {AttributeEncoding.Name(attribute.Type)} attribute; predicates take integer or date attributes");
        }
        string? op = predicate.Op;
        if (op is not (">=" or "<=" or "age_at_least"))
        {
            throw Invalid($"{at}.op", $"{at}.op must be \">=\", \"<=\" or \"age_at_least\" (date attributes)");
        }
        if (predicate.Value is not { } value)
        {
            throw Invalid($"{at}.value", $"{at} has no value");
        }
        if (op == "age_at_least")
        {
            if (attribute.Type != AttributeType.Date)
            {
                throw Invalid($"{at}.op", $"age_at_least takes a date attribute; '{attribute.Name}' is an integer");
            }
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int years) || years < 0 || years > MaxAgeYears || value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0)
            {
                throw Invalid($"{at}.value", $"{at}.value must be a whole number of years from 0 to {MaxAgeYears}");
            }
            // Born on or before the same day `years` years ago (29 February rolls back to 28 February).
            return (slot, KindAtMost, AttributeEncoding.EncodeDate(today.AddYears(-years)));
        }
        var encoded = AttributeEncoding.TryEncode(attribute.Type, value, out string? problem)
            ?? throw Invalid($"{at}.value", $"{at}.value {problem}");
        return (slot, op == ">=" ? KindAtLeast : KindAtMost, encoded.Encoded);
    }

    public async Task<PresentationCheck> CheckAsync(string circuitId, IReadOnlyList<string> publicSignals, JsonElement presentation, string expectedNonce, CancellationToken cancellationToken)
    {
        try
        {
            return await CheckPresentationAsync(circuitId, publicSignals, presentation, expectedNonce, cancellationToken);
        }
        catch (CredentialRefusalException e)
        {
            return PresentationCheck.Refused(e.Refusal);
        }
    }

    private async Task<PresentationCheck> CheckPresentationAsync(string circuitId, IReadOnlyList<string> publicSignals, JsonElement presentation, string expectedNonce, CancellationToken cancellationToken)
    {
        if (presentation.ValueKind != JsonValueKind.Object || presentation.EnumerateObject().Any(p => p.Name != "schema") || !presentation.TryGetProperty("schema", out var schemaElement))
        {
            throw Invalid("presentation", "presentation must be an object {\"schema\": {type, attributes}}, as the generate response gave it");
        }
        var schema = CredentialSchema.TryParse(schemaElement, out string? field, out string? problem)
            ?? throw Invalid("presentation.schema" + field, $"presentation.schema{field} {problem}");
        if (!BigInteger.TryParse(expectedNonce, NumberStyles.None, CultureInfo.InvariantCulture, out var nonce) || nonce >= Fr.Modulus
            || nonce.ToString(CultureInfo.InvariantCulture) != expectedNonce)
        {
            throw Invalid("nonce", "nonce must be the nonce you issued: a decimal string of a number below the BN254 scalar field's order r");
        }
        if (!IsCredentialCircuit(circuitId) || publicSignals.Count != PublicSignals)
        {
            return PresentationCheck.Invalid($"the proof has {publicSignals.Count} public signals; a credential presentation on '{options.Value.CircuitId}' has {PublicSignals}");
        }
        var signals = new BigInteger[PublicSignals];
        for (int i = 0; i < signals.Length; i++)
        {
            if (!BigInteger.TryParse(publicSignals[i], NumberStyles.None, CultureInfo.InvariantCulture, out signals[i]) || signals[i] >= Fr.Modulus)
            {
                return PresentationCheck.Invalid($"public signal {i} is not a field element");
            }
        }

        if (signals[Mask + CredentialSchema.SchemaSlot] != 1 || signals[CredentialSchema.SchemaSlot] != Digest(schema))
        {
            return PresentationCheck.Invalid("the proof does not disclose the schema given in the presentation (slot 15 must reveal its digest): the names or types do not match the signed credential");
        }
        var x = Fr.FromBigInteger(signals[IssuerX]);
        var y = Fr.FromBigInteger(signals[IssuerY]);
        var key = await keyring.FindTrustedAsync(x, y, cancellationToken);
        if (key is null || !key.IsInSubgroup)
        {
            return PresentationCheck.Invalid("the credential was not signed by an issuer key this service trusts");
        }
        if (signals[Nonce] != nonce)
        {
            return PresentationCheck.Invalid("the proof is bound to another nonce than the one given");
        }
        var today = Today();
        if (AttributeEncoding.TryDecodeDate(signals[Now]) is not { } provedOn || Math.Abs(provedOn.DayNumber - today.DayNumber) > 1)
        {
            return PresentationCheck.Invalid($"the proof checks the expiry against another day than today ({AttributeEncoding.FormatDate(today)}, ± 1 day)");
        }

        var revealed = new JsonObject();
        for (int slot = 0; slot < schema.Attributes.Count; slot++)
        {
            if (signals[Mask + slot] == 1)
            {
                var attribute = schema.Attributes[slot];
                var decoded = AttributeEncoding.TryDecode(attribute.Type, signals[slot]);
                if (decoded is null)
                {
                    return PresentationCheck.Invalid($"revealed slot {slot} does not hold a {AttributeEncoding.Name(attribute.Type)} ('{attribute.Name}')");
                }
                revealed[attribute.Name] = decoded;
            }
        }
        var holding = new JsonArray();
        for (int p = 0; p < Predicates; p++)
        {
            var kind = signals[PredicateKind + p];
            if (kind == KindOff)
            {
                continue;
            }
            var index = signals[PredicateIndex + p];
            if (index >= schema.Attributes.Count || !AttributeEncoding.IsOrdered(schema.Attributes[(int)index].Type))
            {
                return PresentationCheck.Invalid($"predicate {p} is over slot {index}, which is not an integer or date attribute of the presentation's schema");
            }
            var attribute = schema.Attributes[(int)index];
            var statement = new JsonObject { ["attribute"] = attribute.Name, ["op"] = kind == KindAtLeast ? ">=" : "<=" };
            if (attribute.Type == AttributeType.Integer)
            {
                if (AttributeEncoding.TryDecodeInteger(signals[PredicateThreshold + p]) is not { } threshold)
                {
                    return PresentationCheck.Invalid($"predicate {p}'s threshold is not an integer");
                }
                statement["value"] = threshold;
            }
            else
            {
                if (AttributeEncoding.TryDecodeDate(signals[PredicateThreshold + p]) is not { } threshold)
                {
                    return PresentationCheck.Invalid($"predicate {p}'s threshold is not a date");
                }
                statement["value"] = AttributeEncoding.FormatDate(threshold);
                int years = provedOn.Year - threshold.Year;
                if (kind == KindAtMost && years is >= 0 and <= MaxAgeYears && provedOn.AddYears(-years) == threshold)
                {
                    statement["age_at_least"] = years;
                }
            }
            holding.Add(statement);
        }
        var disclosure = new JsonObject
        {
            ["issuer"] = new JsonObject { ["key_id"] = key.Id.ToString("D"), ["x"] = key.X, ["y"] = key.Y },
            ["type"] = schema.Type,
            ["revealed"] = revealed,
            ["predicates"] = holding,
            ["nonce"] = expectedNonce,
            ["date"] = AttributeEncoding.FormatDate(provedOn),
        };
        return new PresentationCheck(true, null, disclosure);
    }

    /// <summary>The schema's digest, remembered for the schemas seen most (a verifier sees the same few over and over).</summary>
    private BigInteger Digest(CredentialSchema schema)
    {
        string key = schema.ToJson().ToJsonString();
        if (_digests.TryGetValue(key, out var digest))
        {
            return digest;
        }
        digest = schema.Digest().ToBigInteger();
        if (_digests.Count >= 1024)
        {
            _digests.Clear();
        }
        _digests[key] = digest;
        return digest;
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static bool TryParseField(string? given, out BigInteger value)
    {
        value = default;
        return given is { Length: > 0 and <= 80 } text
            && BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value < Fr.Modulus && value.ToString(CultureInfo.InvariantCulture) == text;
    }

    private static InputSignal Scalar(string name, BigInteger value) => new(name, [value], []);

    private static InputSignal Array(string name, BigInteger[] values) => new(name, values, [values.Length]);

    /// <summary>A field element the module keeps as a decimal string (signature and key coordinates).</summary>
    private static BigInteger Field(string value) => BigInteger.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static CredentialRefusalException Invalid(string field, string message) => CredentialRefusalException.Invalid(field, message);

    private static CredentialRefusalException Refuse(CredentialRefusalReason reason, string field, string message) => new(new CredentialRefusal(reason, field, message));

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
