using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Hashing;

namespace CredentialHub.Credentials.Issuing;

/// <summary>
/// What a credential keeps sealed: the subject, the attribute values (canonical JSON, in slot order) and the
/// issuer's signature (it would let anyone test guesses of the values against the public key, so it is secret too).
/// </summary>
internal sealed record CredentialContent(string Subject, IReadOnlyList<JsonNode> Values, string R8x, string R8y, string S)
{
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["subject"] = Subject,
        ["values"] = new JsonArray([.. Values.Select(v => v.DeepClone())]),
        ["signature"] = new JsonObject { ["r8x"] = R8x, ["r8y"] = R8y, ["s"] = S },
    });

    public static CredentialContent FromUtf8(ReadOnlySpan<byte> utf8)
    {
        var root = JsonNode.Parse(utf8)!.AsObject();
        var signature = root["signature"]!.AsObject();
        return new CredentialContent(
            (string)root["subject"]!,
            [.. root["values"]!.AsArray().Select(v => v!.DeepClone())],
            (string)signature["r8x"]!,
            (string)signature["r8y"]!,
            (string)signature["s"]!);
    }

    /// <summary>The sixteen slot values: the attributes' encodings, zeros, and the schema digest in the last slot.</summary>
    public static BigInteger[] Slots(CredentialSchema schema, IReadOnlyList<JsonNode> values)
    {
        var slots = new BigInteger[CredentialSchema.CircuitSlots];
        for (int i = 0; i < schema.Attributes.Count; i++)
        {
            using var document = JsonDocument.Parse(values[i].ToJsonString());
            slots[i] = AttributeEncoding.TryEncode(schema.Attributes[i].Type, document.RootElement, out _)?.Encoded
                ?? throw new CryptographicException($"stored value of attribute {i} does not encode as {AttributeEncoding.Name(schema.Attributes[i].Type)}");
        }
        slots[CredentialSchema.SchemaSlot] = schema.Digest().ToBigInteger();
        return slots;
    }

    /// <summary>The signed message: Poseidon(Poseidon(slots[0..15]), expires_at), as the circuit computes it.</summary>
    public static Fr Message(ReadOnlySpan<BigInteger> slots, DateOnly expiresOn)
    {
        Span<Fr> elements = stackalloc Fr[CredentialSchema.CircuitSlots];
        for (int i = 0; i < elements.Length; i++)
        {
            elements[i] = Fr.FromBigInteger(slots[i]);
        }
        return Poseidon.Hash(Poseidon.Hash(elements), Fr.FromBigInteger(AttributeEncoding.EncodeDate(expiresOn)));
    }
}
