using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Http;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// The <see cref="SecuritySchemes.ApiKeyOrBearer"/> policy scheme's choice for a request: a credential shaped like a
/// JWT (three dot-separated parts) goes to the bearer scheme when the service accepts tokens, anything else (an API
/// key, no credential, a token the service does not accept) to the API-key scheme, which answers for it.
/// </summary>
internal static class SchemeSelector
{
    public static string Select(HttpContext context, bool tokensAccepted) =>
        tokensAccepted && ApiKeyAuthenticationHandler.Credential(context.Request) is { } credential && LooksLikeJwt(credential)
            ? SecuritySchemes.Bearer
            : SecuritySchemes.ApiKey;

    /// <summary>Whether a credential has the shape of a JWT (two dots), to tell it from an API key.</summary>
    public static bool LooksLikeJwt(string credential) => credential.Count(c => c == '.') == 2;
}
