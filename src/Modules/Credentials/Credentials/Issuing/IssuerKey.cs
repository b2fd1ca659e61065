using CredentialHub.Bn254.BabyJubJub;

namespace CredentialHub.Credentials.Issuing;

/// <summary>An issuer key as the service uses it: id and public key; the private key only for the active one.</summary>
internal sealed record IssuerKey(Guid Id, EdDsaPublicKey PublicKey, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt)
{
    private readonly Lazy<bool> _inSubgroup = new(() => PublicKey.IsInSubgroup);

    /// <summary>Whether the key is in BabyJubJub's prime-order subgroup (a scalar multiplication, done once per key).</summary>
    public bool IsInSubgroup => _inSubgroup.Value;

    public string X => PublicKey.Point.X.ToString();

    public string Y => PublicKey.Point.Y.ToString();
}
