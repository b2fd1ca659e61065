using System.Collections.Concurrent;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security.Authentication;

/// <summary>
/// The scope policies, by name: a scope (<c>prove</c>) or several joined by <see cref="Scopes.AnyOfSeparator"/>
/// (<c>prove or verify</c>, see <see cref="Scopes.AnyOf"/>) is a policy that authenticates with
/// <see cref="SecuritySchemes.ApiKeyOrBearer"/>, requires an authenticated caller and a <c>scope</c> claim with one
/// of those values (a standard <see cref="Microsoft.AspNetCore.Authorization.Infrastructure.ClaimsAuthorizationRequirement"/>).
/// Any other name is looked up among the registered policies.
/// </summary>
internal sealed class ScopePolicyProvider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
{
    private readonly ConcurrentDictionary<string, AuthorizationPolicy> _scopePolicies = new(StringComparer.Ordinal);

    public override bool AllowsCachingPolicies => true;

    public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName) =>
        await base.GetPolicyAsync(policyName) ?? ScopePolicy(policyName);

    private AuthorizationPolicy? ScopePolicy(string name)
    {
        if (_scopePolicies.TryGetValue(name, out var known))
        {
            return known;
        }
        string[] scopes = name.Split(Scopes.AnyOfSeparator);
        if (!scopes.All(Scopes.All.Contains))
        {
            return null;
        }
        var policy = new AuthorizationPolicyBuilder(SecuritySchemes.ApiKeyOrBearer)
            .RequireAuthenticatedUser()
            .RequireClaim(Scopes.ClaimType, scopes)
            .Build();
        return _scopePolicies.GetOrAdd(name, policy);
    }
}
