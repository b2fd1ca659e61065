using System.Text.Json;

namespace CredentialHub.Credentials.Contracts;

/// <summary>
/// A predicate over a credential attribute as given: the attribute's name, the operator (<c>&gt;=</c>, <c>&lt;=</c> or
/// <c>age_at_least</c>) and the value, whose JSON is read against the attribute's type (valid while the request's
/// document is). <paramref name="UnknownMember"/> names the first member that is none of these, when there is one.
/// </summary>
public sealed record CredentialPredicate(string? Attribute, string? Op, JsonElement? Value, string? UnknownMember = null);
