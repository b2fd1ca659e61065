using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CredentialHub.TestSupport;

/// <summary>
/// An identity provider's signing key for tests: an RSA (RS256) or P-256 (ES256) key with a key id, its public half
/// as a JSON Web Key, and compact JWS tokens signed with it (header <c>alg</c>, <c>typ</c> and <c>kid</c>).
/// </summary>
public sealed class TestSigningKey : IDisposable
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;

    private TestSigningKey(string kid, RSA? rsa, ECDsa? ec) => (Kid, _rsa, _ec) = (kid, rsa, ec);

    public string Kid { get; }

    public string Algorithm => _rsa is not null ? "RS256" : "ES256";

    public static TestSigningKey Rsa(string kid) => new(kid, RSA.Create(2048), null);

    public static TestSigningKey Ec(string kid) => new(kid, null, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The public key as a JSON Web Key (RFC 7517).</summary>
    public JsonObject Jwk()
    {
        if (_rsa is not null)
        {
            var p = _rsa.ExportParameters(false);
            return new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = Kid, ["n"] = Encode(p.Modulus!), ["e"] = Encode(p.Exponent!) };
        }
        var q = _ec!.ExportParameters(false).Q;
        return new JsonObject { ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["crv"] = "P-256", ["kid"] = Kid, ["x"] = Encode(q.X!), ["y"] = Encode(q.Y!) };
    }

    /// <summary>A token of these claims signed with this key, its header naming <see cref="Kid"/> (or <paramref name="kid"/>).</summary>
    public string Token(JsonObject claims, string? kid = null)
    {
        var header = new JsonObject { ["alg"] = Algorithm, ["typ"] = "JWT", ["kid"] = kid ?? Kid };
        string signed = $"{Encode(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        byte[] data = Encoding.ASCII.GetBytes(signed);
        byte[] signature = _rsa is not null
            ? _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : _ec!.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signed}.{Encode(signature)}";
    }

    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
    }
}
