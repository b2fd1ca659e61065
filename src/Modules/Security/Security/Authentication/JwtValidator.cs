using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// Bearer tokens from an external authorization service: compact JWS (header.payload.signature) signed with
/// HS256 (key: SECRET_KEY) or with RS256 / ES256 (JWT_PUBLIC_KEY_FILE, a PEM RSA or P-256 public key). Checks, in
/// order: the form, the algorithm (only those configured; never "none"), the signature, <c>exp</c> (required),
/// <c>nbf</c>, <c>iss</c> (JWT_ISSUER), <c>aud</c> (JWT_AUDIENCE; a string or an array), each with 30 s of clock
/// leeway; the scopes come from <c>scope</c> (space-separated) or <c>scp</c> (string or array). A refusal names the
/// check that failed and never quotes the token.
/// </summary>
internal sealed class JwtValidator
{
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(30);

    private readonly byte[]? _hmacKey;
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly string _issuer;
    private readonly string _audience;
    private readonly TimeProvider _clock;

    public JwtValidator(byte[]? hmacKey, string? publicKeyPem, string issuer, string audience, TimeProvider clock)
    {
        _hmacKey = hmacKey;
        _issuer = issuer;
        _audience = audience;
        _clock = clock;
        if (publicKeyPem is not null)
        {
            if (TryImportEc(publicKeyPem) is { } ec)
            {
                _ecdsa = ec.KeySize == 256 ? ec : throw new ArgumentException("an EC key must be on P-256 (ES256)");
            }
            else
            {
                _rsa = RSA.Create();
                try
                {
                    _rsa.ImportFromPem(publicKeyPem);
                }
                catch (Exception e) when (e is CryptographicException or ArgumentException)
                {
                    throw new ArgumentException("not a PEM RSA or EC public key");
                }
                if (_rsa.KeySize < 2048)
                {
                    throw new ArgumentException("an RSA key must have at least 2048 bits");
                }
            }
        }
    }

    private static ECDsa? TryImportEc(string pem)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return ec;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ec.Dispose();
            return null;
        }
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a JWT (three base64url parts), to tell it from an API key.</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;

    /// <summary>The token's subject and scopes, or the check that failed.</summary>
    public (string Subject, IReadOnlyList<string> Scopes)? Validate(string token, out string? failure)
    {
        failure = null;
        string[] parts = token.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[0], out var headerBytes) || !TryDecode(parts[1], out var payloadBytes) || !TryDecode(parts[2], out var signature))
        {
            failure = "malformed (not three base64url parts)";
            return null;
        }
        JsonDocument header, payload;
        try
        {
            header = JsonDocument.Parse(headerBytes);
            payload = JsonDocument.Parse(payloadBytes);
        }
        catch (JsonException)
        {
            failure = "malformed (header or payload is not JSON)";
            return null;
        }
        using (header)
        using (payload)
        {
            if (header.RootElement.ValueKind != JsonValueKind.Object || payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                failure = "malformed (header or payload is not a JSON object)";
                return null;
            }
            string? alg = header.RootElement.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            byte[] signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            bool? verified = alg switch
            {
                "HS256" when _hmacKey is not null => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_hmacKey, signed), signature),
                "RS256" when _rsa is not null => _rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                "ES256" when _ecdsa is not null => signature.Length == 64 && _ecdsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                _ => null,
            };
            if (verified is null)
            {
                failure = $"algorithm '{Shorten(alg ?? "(none)")}' is not accepted (accepted: {string.Join(", ", Accepted())})";
                return null;
            }
            if (verified == false)
            {
                failure = "bad signature";
                return null;
            }
            var claims = payload.RootElement;
            var now = _clock.GetUtcNow();
            if (!TryTime(claims, "exp", out var expires))
            {
                failure = "no expiry (exp claim)";
                return null;
            }
            if (now > expires + Leeway)
            {
                failure = $"expired at {expires:yyyy-MM-ddTHH:mm:ssZ}";
                return null;
            }
            if (claims.TryGetProperty("nbf", out _) && (!TryTime(claims, "nbf", out var notBefore) || now + Leeway < notBefore))
            {
                failure = "not valid yet (nbf claim)";
                return null;
            }
            if (!claims.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || iss.GetString() != _issuer)
            {
                failure = $"wrong issuer (expected {_issuer})";
                return null;
            }
            if (!claims.TryGetProperty("aud", out var aud) || !HasAudience(aud))
            {
                failure = $"wrong audience (expected {_audience})";
                return null;
            }
            string subject = claims.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString()! : "(no subject)";
            return ($"{_issuer}/{subject}", Scopes(claims));
        }
    }

    private IEnumerable<string> Accepted()
    {
        if (_hmacKey is not null)
        {
            yield return "HS256";
        }
        if (_rsa is not null)
        {
            yield return "RS256";
        }
        if (_ecdsa is not null)
        {
            yield return "ES256";
        }
    }

    private bool HasAudience(JsonElement aud) => aud.ValueKind switch
    {
        JsonValueKind.String => aud.GetString() == _audience,
        JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == _audience),
        _ => false,
    };

    private static List<string> Scopes(JsonElement claims)
    {
        var scopes = new List<string>();
        foreach (string name in new[] { "scope", "scp" })
        {
            if (!claims.TryGetProperty(name, out var value))
            {
                continue;
            }
            if (value.ValueKind == JsonValueKind.String)
            {
                scopes.AddRange(value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                scopes.AddRange(value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
            }
        }
        return scopes;
    }

    private static bool TryTime(JsonElement claims, string name, out DateTimeOffset time)
    {
        time = default;
        if (!claims.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > 253402300799)
        {
            return false;
        }
        time = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        return true;
    }

    private static bool TryDecode(string part, out byte[] bytes)
    {
        bytes = [];
        if (part.Length == 0 || part.Length > 16 * 1024)
        {
            return false;
        }
        string padded = part.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 16 ? text : text[..16] + "…";
}
