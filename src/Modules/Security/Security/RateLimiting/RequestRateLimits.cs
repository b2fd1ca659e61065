using CredentialHub.Security.Authentication;
using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security.RateLimiting;

/// <summary>
/// The per-minute limits of a request, by client address and by caller: the endpoint's <see cref="RateLimitClass"/>
/// picks RATE_LIMIT_PER_MINUTE or PROVE_RATE_LIMIT_PER_MINUTE (plus RATE_LIMIT_BURST), counted in a sliding window of
/// the <see cref="IRateLimitStore"/>. A refusal is a 429 problem document with <c>Retry-After</c>, counted on
/// <see cref="SecurityMetrics.RateLimitHits"/> and audited.
/// </summary>
internal sealed class RequestRateLimits(IRateLimitStore limits, IOptions<SecurityModuleOptions> options, SecurityAudit audit)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The refusal when <paramref name="partition"/> ("address:…" or "caller:…") has used up its limit, else null.</summary>
    public async Task<IResult?> CheckAsync(HttpContext context, string kind, string partition)
    {
        var limitClass = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitClass>() ?? RateLimitClass.Default;
        bool proving = limitClass == RateLimitClass.Prove;
        int perMinute = proving ? options.Value.ProveRateLimitPerMinute : options.Value.RateLimitPerMinute;
        if (perMinute == 0)
        {
            return null;
        }
        var decision = await limits.TryAcquireAsync($"{limitClass.Name}:{kind}:{partition}", perMinute + options.Value.RateLimitBurst, Window, context.RequestAborted);
        if (decision.Allowed)
        {
            return null;
        }
        int seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        SecurityMetrics.RateLimitHits.Add(1, new("limit", limitClass.Name), new("partition", kind));
        audit.Write(context, "rate-limited", $"{kind} over {perMinute}/min (+{options.Value.RateLimitBurst} burst)");
        return ProblemResults.Of(StatusCodes.Status429TooManyRequests, "Too many requests",
            $"the {(proving ? "proving" : "request")} limit of {perMinute} per minute (burst {options.Value.RateLimitBurst}) per {(kind == "address" ? "client address" : "caller")} is used up; retry in {seconds} s",
            "request", seconds);
    }
}
