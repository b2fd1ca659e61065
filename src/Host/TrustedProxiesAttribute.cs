using System.ComponentModel.DataAnnotations;

namespace CredentialHub.Host;

/// <summary>TRUSTED_PROXIES: a comma-separated list of IP addresses and networks (see <see cref="TrustedProxies"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TrustedProxiesAttribute : ValidationAttribute
{
    public TrustedProxiesAttribute()
        : base(TrustedProxies.Requirement)
    {
    }

    public override bool IsValid(object? value) => value is not string text || TrustedProxies.Parse(text) is not null;
}
