using System.Security.Claims;
using CredentialHub.Security.Contracts;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// The user an authenticated request runs as, whichever scheme authenticated it: its name (<c>key:&lt;id&gt;</c> for
/// an API key, <c>token:&lt;issuer&gt;/&lt;subject&gt;</c> for a bearer token) and one <see cref="Scopes.ClaimType"/> claim
/// per scope, so that the scope policies' claim requirements see each scope on its own.
/// </summary>
internal static class Callers
{
    public static ClaimsPrincipal Principal(string authenticationType, string name, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(authenticationType, ClaimTypes.Name, Scopes.ClaimType);
        identity.AddClaim(new Claim(ClaimTypes.Name, name));
        foreach (string scope in scopes.Distinct(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(Scopes.ClaimType, scope));
        }
        return new ClaimsPrincipal(identity);
    }
}
