namespace CredentialHub.Security.Contracts;

/// <summary>
/// One-time challenges: a verifier asks for a nonce, the holder binds a proof to it, and the nonce can be redeemed
/// once. In Redis when REDIS_URL is set (shared by every instance: issued with SET NX and an expiry, redeemed
/// atomically), in process otherwise or while Redis is unreachable.
/// </summary>
public interface INonceStore
{
    /// <summary>A fresh nonce (a decimal string below the BN254 scalar field's order, usable as a circuit input) valid for <paramref name="lifetime"/>.</summary>
    Task<IssuedNonce> IssueAsync(TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Redeems a nonce: the first call for an issued, unexpired nonce answers <see cref="NonceRedemption.Redeemed"/>, later ones <see cref="NonceRedemption.AlreadyRedeemed"/>.</summary>
    Task<NonceRedemption> RedeemAsync(string nonce, CancellationToken cancellationToken);
}
