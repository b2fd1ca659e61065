namespace CredentialHub.Credentials.Issuing;

/// <summary>The sealing keys derived from the configured secret.</summary>
internal sealed class CredentialsSecrets(ReadOnlySpan<byte> secret)
{
    public SecretBox Attributes { get; } = SecretBox.Derive(secret, "credentials/attributes");

    public SecretBox IssuerKeys { get; } = SecretBox.Derive(secret, "credentials/issuer-keys");
}
