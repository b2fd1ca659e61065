using System.Security.Cryptography;
using System.Text.Json;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Hashproof;

/// <summary>
/// TEST-ONLY plugin, not a proof system: a "proof" is HMAC-SHA256 under a key that sits in the verification key
/// itself, so anyone holding the key can forge one. It exists so that the host tests can load a second plugin
/// next to Groth16 and check that the loader, the manifest and the command line treat it the same way.
/// <para>
/// Verification key: <c>{"protocol":"hashproof","curve":"none","nPublic":N,"key":"&lt;hex&gt;"}</c>.
/// Proof: <c>{"protocol":"hashproof","digest":"&lt;hex HMAC-SHA256(key, canonical public signals)&gt;"}</c>, where the
/// canonical public signals are the JSON array of decimal strings without whitespace, e.g. <c>["1","22"]</c>.
/// </para>
/// </summary>
public sealed class HashproofSystem : IProofSystem
{
    public string Id => "hashproof";
    public string Protocol => "hashproof";
    public string Curve => "none";

    public bool SupportsCurve(string curveName) => curveName == Curve;

    public IVerificationKey LoadVerificationKey(ReadOnlySpan<byte> verificationKeyJson)
    {
        using var doc = Parse(ProofDocument.VerificationKey, verificationKeyJson);
        var root = doc.RootElement;
        ExpectString(ProofDocument.VerificationKey, root, "protocol", Protocol);
        ExpectString(ProofDocument.VerificationKey, root, "curve", Curve);
        if (!root.TryGetProperty("nPublic", out var n) || !n.TryGetInt32(out int nPublic) || nPublic < 0)
        {
            throw new ProofFormatException(ProofDocument.VerificationKey, "$.nPublic", "missing or not a non-negative integer");
        }
        byte[] key = Hex(ProofDocument.VerificationKey, root, "key");
        if (key.Length == 0)
        {
            throw new ProofFormatException(ProofDocument.VerificationKey, "$.key", "empty");
        }
        return new HashproofKey(nPublic, key);
    }

    public VerificationOutcome Verify(IVerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson)
    {
        var own = key as HashproofKey ?? throw new ArgumentException($"the key was not loaded by {Id}", nameof(key));
        string[] signals = ReadSignals(publicSignalsJson);
        byte[] digest;
        using (var proof = Parse(ProofDocument.Proof, proofJson))
        {
            ExpectString(ProofDocument.Proof, proof.RootElement, "protocol", Protocol);
            digest = Hex(ProofDocument.Proof, proof.RootElement, "digest");
        }
        if (digest.Length != HMACSHA256.HashSizeInBytes)
        {
            throw new ProofFormatException(ProofDocument.Proof, "$.digest", $"expected {HMACSHA256.HashSizeInBytes} bytes of hex, got {digest.Length}");
        }
        if (signals.Length != own.PublicSignalCount)
        {
            return VerificationOutcome.Invalid($"the key expects {own.PublicSignalCount} public signals, got {signals.Length}");
        }
        byte[] expected = HMACSHA256.HashData(own.Key, JsonSerializer.SerializeToUtf8Bytes(signals));
        return CryptographicOperations.FixedTimeEquals(expected, digest)
            ? VerificationOutcome.Valid
            : VerificationOutcome.Invalid("the digest does not match the public signals under this key");
    }

    private static string[] ReadSignals(ReadOnlySpan<byte> json)
    {
        using var doc = Parse(ProofDocument.PublicSignals, json);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new ProofFormatException(ProofDocument.PublicSignals, "$", "expected a JSON array of decimal strings");
        }
        var signals = new List<string>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            string path = $"$[{signals.Count}]";
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } value || !value.All(char.IsAsciiDigit))
            {
                throw new ProofFormatException(ProofDocument.PublicSignals, path, "expected a decimal string");
            }
            signals.Add(value);
        }
        return [.. signals];
    }

    private static JsonDocument Parse(ProofDocument document, ReadOnlySpan<byte> json)
    {
        try
        {
            var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            if (document != ProofDocument.PublicSignals && doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new ProofFormatException(document, "$", "expected a JSON object");
            }
            return doc;
        }
        catch (JsonException e)
        {
            throw new ProofFormatException(document, "$", $"not valid JSON ({e.Message})");
        }
    }

    private static void ExpectString(ProofDocument document, JsonElement root, string name, string expected)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new ProofFormatException(document, $"$.{name}", "missing or not a string");
        }
        if (value.GetString() != expected)
        {
            throw new ProofFormatException(document, $"$.{name}", $"expected \"{expected}\", got \"{value.GetString()}\"");
        }
    }

    private static byte[] Hex(ProofDocument document, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new ProofFormatException(document, $"$.{name}", "missing or not a string");
        }
        try
        {
            return Convert.FromHexString(value.GetString()!);
        }
        catch (FormatException)
        {
            throw new ProofFormatException(document, $"$.{name}", "not an even number of hex digits");
        }
    }

    /// <summary>A decoded hashproof verification key: the signal count and the HMAC key.</summary>
    private sealed class HashproofKey(int publicSignalCount, byte[] key) : IVerificationKey
    {
        public int PublicSignalCount { get; } = publicSignalCount;
        public byte[] Key { get; } = key;
    }
}
