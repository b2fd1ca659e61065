using System.Security.Claims;

namespace CredentialHub.Security.Contracts;

/// <summary>
/// The scopes a caller may hold, carried as <c>scope</c> claims on the request's user (one claim per scope, or one
/// claim of space-separated scopes, as OAuth 2.0 writes them). Modules ask <see cref="Has"/>; they never look at
/// how the caller authenticated.
/// <para>
/// Each scope is also the name of an authorization policy (the caller is authenticated and holds that scope), and
/// <see cref="AnyOf"/> names the policy of several scopes of which one is enough: an endpoint declares who may call it
/// with <c>.RequireAuthorization(Scopes.Prove)</c> or <c>.RequireAuthorization(Scopes.AnyOf(Scopes.Prove, Scopes.Verify))</c>.
/// Missing or invalid credentials are then a 401, a missing scope a 403, both before the endpoint runs; an endpoint
/// without a policy is public.
/// </para>
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

    /// <summary>Every scope there is.</summary>
    public static readonly IReadOnlyList<string> All = [Prove, Verify, CredentialsIssue, CredentialsRead, CircuitsAdmin];

    /// <summary>The name of the authorization policy met by holding any one of <paramref name="scopes"/>: "prove or verify".</summary>
    public static string AnyOf(params string[] scopes) => string.Join(AnyOfSeparator, scopes);

    /// <summary>What separates the scopes in an <see cref="AnyOf"/> policy name.</summary>
    public const string AnyOfSeparator = " or ";

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
