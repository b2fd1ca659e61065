using System.ComponentModel.DataAnnotations;

namespace CredentialHub.Security.Authentication;

/// <summary>An identity provider's address (JWT_AUTHORITY, JWT_JWKS_URL): an absolute https URL without credentials, or http on a loopback address.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class KeysAddressAttribute : ValidationAttribute
{
    /// <summary>What the address must be, after the setting's name.</summary>
    public const string Requirement = "must be an https URL without credentials (http only on a loopback address such as 127.0.0.1)";

    public override bool IsValid(object? value) =>
        value is not Uri url
        || (url.IsAbsoluteUri
            && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            && string.IsNullOrEmpty(url.UserInfo));
}
