using System.Text;
using System.Text.Json.Nodes;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>Bearer tokens (JWS compact serialization) signed by the test with whatever algorithm and key it names.</summary>
internal static class TestTokens
{
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Token(string alg, JsonObject claims, Func<byte[], byte[]> sign)
    {
        string signed = $"{Encode(Encoding.UTF8.GetBytes($"{{\"alg\":\"{alg}\"}}"))}.{Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        return $"{signed}.{Encode(sign(Encoding.ASCII.GetBytes(signed)))}";
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with a signature part that is not empty.</summary>
    public static string Unsigned(JsonObject claims) =>
        $"{Encode(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}"))}.{Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()))}.c2ln";
}
