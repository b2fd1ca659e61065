namespace CredentialHub.Security.Contracts;

/// <summary>
/// Endpoint metadata: which per-minute limit the endpoint counts against. Attach with
/// <c>.WithMetadata(RateLimitClass.Prove)</c> for the stricter proving limit (PROVE_RATE_LIMIT_PER_MINUTE); an endpoint
/// without it counts against <see cref="Default"/> (RATE_LIMIT_PER_MINUTE). Who may call the endpoint is its
/// authorization policy's business (<see cref="Scopes"/>), not this.
/// </summary>
public sealed class RateLimitClass
{
    public static readonly RateLimitClass Default = new("default");

    public static readonly RateLimitClass Prove = new("prove");

    private RateLimitClass(string name) => Name = name;

    /// <summary>The class's name, as the rate-limit metric's <c>limit</c> label and the limit's key carry it.</summary>
    public string Name { get; }

    public override string ToString() => Name;
}
