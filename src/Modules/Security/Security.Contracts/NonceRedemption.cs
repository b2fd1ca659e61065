namespace CredentialHub.Security.Contracts;

/// <summary>The outcome of <see cref="INonceStore.RedeemAsync"/>.</summary>
public enum NonceRedemption
{
    /// <summary>Issued, unexpired, and redeemed now for the first time.</summary>
    Redeemed,

    /// <summary>Redeemed before: a replay.</summary>
    AlreadyRedeemed,

    /// <summary>Never issued here, or expired.</summary>
    Unknown,
}
