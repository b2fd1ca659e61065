using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Bn254.BabyJubJub;
using CredentialHub.Bn254.Fields;
using CredentialHub.Credentials.Issuing;

namespace CredentialHub.Credentials.Tests.Issuing;

/// <summary>
/// The credential encoding byte for byte against an independent reference: vectors/credentials.json, written by
/// vectors/generate.js from the specification with circomlibjs 0.1.7 (Poseidon, EdDSA-Poseidon). Each case checks
/// the attribute encodings (and their decoding back), the schema digest, the sixteen slots, the signed message and
/// the issuer's public key and signature.
/// </summary>
public class CredentialVectorTests
{
    private static readonly JsonElement Root = Load();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Root.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("label").GetString()!);
        }
        return data;
    }

    [Fact]
    public void TheVectorsAreTheExpectedOnes()
    {
        Assert.Equal("0.1.7", Root.GetProperty("circomlibjs").GetString());
        Assert.Equal(Fr.Modulus, Integer(Root.GetProperty("field_modulus")));
        var labels = Root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("label").GetString()).ToArray();
        Assert.Equal(new[] { "driving licence", "edge values", "maximum attributes", "driving licence, second key" }, labels);
        Assert.Equal(CredentialSchema.MaxAttributes, Case("maximum attributes").GetProperty("attributes").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AttributesEncodeAsTheReference(string label)
    {
        var c = Case(label);
        var encodings = c.GetProperty("encodings").EnumerateArray().Select(Integer).ToArray();
        var attributes = c.GetProperty("attributes").EnumerateArray().ToArray();
        Assert.Equal(attributes.Length, encodings.Length);
        for (int i = 0; i < attributes.Length; i++)
        {
            var (type, value) = (TypeOf(attributes[i]), attributes[i].GetProperty("value"));
            var result = AttributeEncoding.TryEncode(type, value, out string? problem);
            Assert.True(result is not null, $"{label}: attribute {i} refused: {problem}");
            Assert.Null(problem);
            Assert.Equal(encodings[i], result.Value.Encoded);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(value.GetRawText()), result.Value.Canonical), $"{label}: attribute {i} canonical form {result.Value.Canonical.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodingsDecodeToTheOriginalValues(string label)
    {
        var c = Case(label);
        var encodings = c.GetProperty("encodings").EnumerateArray().Select(Integer).ToArray();
        var attributes = c.GetProperty("attributes").EnumerateArray().ToArray();
        for (int i = 0; i < attributes.Length; i++)
        {
            var decoded = AttributeEncoding.TryDecode(TypeOf(attributes[i]), encodings[i]);
            Assert.NotNull(decoded);
            var original = JsonNode.Parse(attributes[i].GetProperty("value").GetRawText());
            Assert.True(JsonNode.DeepEquals(original, decoded), $"{label}: attribute {i} decodes to {decoded.ToJsonString()}, not {original?.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SchemaDigestIsTheReference(string label)
    {
        var c = Case(label);
        var schema = Schema(c);
        Assert.Equal(Fr.Parse(c.GetProperty("schema_digest").GetString()!), schema.Digest());

        // The schema's JSON form reads back to the same schema, and so to the same digest.
        using var document = JsonDocument.Parse(schema.ToJson().ToJsonString());
        var parsed = CredentialSchema.TryParse(document.RootElement, out string? field, out string? problem);
        Assert.True(parsed is not null, $"{field}: {problem}");
        Assert.Equal(schema.Digest(), parsed.Digest());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SlotsAreTheReference(string label)
    {
        var c = Case(label);
        var slots = CredentialContent.Slots(Schema(c), Values(c));
        Assert.Equal(c.GetProperty("slots").EnumerateArray().Select(Integer).ToArray(), slots);
        Assert.Equal(CredentialSchema.CircuitSlots, slots.Length);
        Assert.Equal(Integer(c.GetProperty("schema_digest")), slots[CredentialSchema.SchemaSlot]);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MessageIsTheReference(string label)
    {
        var c = Case(label);
        var slots = c.GetProperty("slots").EnumerateArray().Select(Integer).ToArray();
        var expiresOn = ExpiresOn(c);
        Assert.Equal(Integer(c.GetProperty("expires_on_day_number")), AttributeEncoding.EncodeDate(expiresOn));
        Assert.Equal(Fr.Parse(c.GetProperty("message").GetString()!), CredentialContent.Message(slots, expiresOn));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PublicKeyAndSignatureAreTheReference(string label)
    {
        var c = Case(label);
        byte[] privateKey = Convert.FromHexString(c.GetProperty("private_key_hex").GetString()!);
        var message = Fr.Parse(c.GetProperty("message").GetString()!);
        var expectedKey = c.GetProperty("public_key");
        var expectedSignature = c.GetProperty("signature");

        var publicKey = EdDsaPoseidon.DerivePublicKey(privateKey);
        Assert.Equal(Fr.Parse(expectedKey.GetProperty("Ax").GetString()!), publicKey.Point.X);
        Assert.Equal(Fr.Parse(expectedKey.GetProperty("Ay").GetString()!), publicKey.Point.Y);

        var signature = EdDsaPoseidon.Sign(privateKey, message);
        Assert.Equal(Fr.Parse(expectedSignature.GetProperty("R8x").GetString()!), signature.R8.X);
        Assert.Equal(Fr.Parse(expectedSignature.GetProperty("R8y").GetString()!), signature.R8.Y);
        Assert.Equal(Integer(expectedSignature.GetProperty("S")), signature.S);

        Assert.True(EdDsaPoseidon.Verify(message, signature, publicKey));
        Assert.False(EdDsaPoseidon.Verify(message + Fr.One, signature, publicKey));
    }

    /// <summary>The whole chain at once: request values through slots and message to a signature that verifies.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void EndToEndTheCredentialSignsAsTheReference(string label)
    {
        var c = Case(label);
        byte[] privateKey = Convert.FromHexString(c.GetProperty("private_key_hex").GetString()!);
        var canonical = c.GetProperty("attributes").EnumerateArray()
            .Select(a => AttributeEncoding.TryEncode(TypeOf(a), a.GetProperty("value"), out _)!.Value.Canonical)
            .ToList();
        var message = CredentialContent.Message(CredentialContent.Slots(Schema(c), canonical), ExpiresOn(c));
        var signature = EdDsaPoseidon.Sign(privateKey, message);
        Assert.Equal(Integer(c.GetProperty("signature").GetProperty("S")), signature.S);
        Assert.True(EdDsaPoseidon.Verify(message, signature, EdDsaPoseidon.DerivePublicKey(privateKey)));
    }

    [Fact]
    public void AnotherKeySignsTheSameMessageDifferently()
    {
        var (first, second) = (Case("driving licence"), Case("driving licence, second key"));
        Assert.Equal(first.GetProperty("message").GetString(), second.GetProperty("message").GetString());
        Assert.NotEqual(first.GetProperty("private_key_hex").GetString(), second.GetProperty("private_key_hex").GetString());
        Assert.NotEqual(first.GetProperty("public_key").GetProperty("Ax").GetString(), second.GetProperty("public_key").GetProperty("Ax").GetString());
        Assert.NotEqual(first.GetProperty("signature").GetProperty("S").GetString(), second.GetProperty("signature").GetProperty("S").GetString());

        var message = Fr.Parse(first.GetProperty("message").GetString()!);
        byte[] key1 = Convert.FromHexString(first.GetProperty("private_key_hex").GetString()!);
        byte[] key2 = Convert.FromHexString(second.GetProperty("private_key_hex").GetString()!);
        Assert.False(EdDsaPoseidon.Verify(message, EdDsaPoseidon.Sign(key1, message), EdDsaPoseidon.DerivePublicKey(key2)));
    }

    [Fact]
    public void TheDrivingLicenceKeyIsTheAsciiTestKey()
    {
        Assert.Equal("test-key-credentials-vectors-001"u8.ToArray(), Convert.FromHexString(Case("driving licence").GetProperty("private_key_hex").GetString()!));
    }

    private static JsonElement Case(string label) =>
        Root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("label").GetString() == label);

    private static CredentialSchema Schema(JsonElement c) => new(
        c.GetProperty("type").GetString()!,
        [.. c.GetProperty("attributes").EnumerateArray().Select(a => new AttributeDefinition(a.GetProperty("name").GetString()!, TypeOf(a)))]);

    private static List<JsonNode> Values(JsonElement c) =>
        [.. c.GetProperty("attributes").EnumerateArray().Select(a => JsonNode.Parse(a.GetProperty("value").GetRawText())!)];

    private static AttributeType TypeOf(JsonElement attribute) =>
        AttributeEncoding.TryParseType(attribute.GetProperty("type").GetString(), out var type) ? type : throw new FormatException("unknown attribute type in the vectors");

    private static DateOnly ExpiresOn(JsonElement c) =>
        DateOnly.ParseExact(c.GetProperty("expires_on").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static BigInteger Integer(JsonElement value) => BigInteger.Parse(value.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);

    private static JsonElement Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "vectors", "credentials.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
