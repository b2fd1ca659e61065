namespace CredentialHub.Security.Authentication;

/// <summary>A bearer token refused before the token handler saw it; the message names the check (and never quotes the token).</summary>
internal sealed class TokenRefusedException(string check) : Exception(check);
