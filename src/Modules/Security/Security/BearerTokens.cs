using CredentialHub.Security.Authentication;

namespace CredentialHub.Security;

/// <summary>The bearer-token validator, when tokens are configured.</summary>
internal sealed record BearerTokens(JwtValidator? Validator);
