namespace CredentialHub.Security;

/// <summary>The Security module's settings, filled by the host from its configuration.</summary>
public sealed class SecurityModuleOptions
{
    /// <summary>The default cap on a request body (MAX_REQUEST_BYTES, default 10 KB); endpoints may declare their own.</summary>
    public long MaxRequestBytes { get; init; } = 10 * 1024;
}
