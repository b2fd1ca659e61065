namespace CredentialHub.Security.Contracts;

/// <summary>Which per-minute limit an endpoint counts against (RATE_LIMIT_PER_MINUTE or PROVE_RATE_LIMIT_PER_MINUTE).</summary>
public enum RateLimitClass
{
    Default,
    Prove,
}
