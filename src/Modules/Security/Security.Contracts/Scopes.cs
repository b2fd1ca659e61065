using System.Security.Claims;

namespace CredentialHub.Security.Contracts;

/// <summary>
/// The scopes a caller may hold, carried as <c>scope</c> claims on the request's user (one claim per scope, or one
/// claim of space-separated scopes, as OAuth 2.0 writes them). Modules ask <see cref="Has"/>; they never look at
/// how the caller authenticated.
/// </summary>
public static class Scopes
{
    public const string ClaimType = "scope";

    public const string Prove = "prove";

    public const string Verify = "verify";

    public const string CredentialsIssue = "credentials:issue";

    /// <summary>Reading a credential's attribute values in plaintext.</summary>
    public const string CredentialsRead = "credentials:read";

    public const string CircuitsAdmin = "circuits:admin";

    /// <summary>Whether <paramref name="user"/> holds <paramref name="scope"/>.</summary>
    public static bool Has(ClaimsPrincipal? user, string scope)
    {
        if (user is null)
        {
            return false;
        }
        foreach (var claim in user.FindAll(ClaimType))
        {
            foreach (var part in claim.Value.AsSpan().Split(' '))
            {
                if (claim.Value.AsSpan()[part].SequenceEqual(scope))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
