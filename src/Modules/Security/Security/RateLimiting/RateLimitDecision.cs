namespace CredentialHub.Security.RateLimiting;

/// <summary>Whether the hit was allowed, and when refused how long until the window has room again.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter);
