using System.Text.Json;
using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Api;

/// <summary><c>POST /proofs/challenges</c>: a one-time nonce a holder binds a credential presentation to.</summary>
internal static class IssueChallenge
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/challenges", HandleAsync)
            .WithName("IssueChallenge")
            .RequireAuthorization(Scopes.Verify)
            .Accepts<ChallengeRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("A one-time nonce for a credential presentation: give it to the holder, who binds the proof to it; the proof then verifies once (a second presentation is a 409).");

    public static async Task<Results<Ok<ChallengeResponse>, FieldProblem>> HandleAsync(HttpRequest request, INonceStore nonces, IOptions<ProofsModuleOptions> options, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.NonceLifetime;
        // No body at all (no Content-Length, no Transfer-Encoding), or an empty one: the defaults.
        bool mayHaveBody = request.ContentLength is > 0
            || (request.ContentLength is null && request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false);
        if (mayHaveBody && request.ContentType is null)
        {
            // A streamed body without a media type is accepted only when it turns out to be empty.
            var probe = new byte[1];
            int read;
            try
            {
                read = await request.Body.ReadAsync(probe, cancellationToken);
            }
            catch (Exception e) when (e is BadHttpRequestException or IOException)
            {
                return ProblemResults.Of(StatusCodes.Status400BadRequest, "Unreadable body", "the request body could not be read", "body");
            }
            if (read > 0)
            {
                return ProblemResults.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "the body must be application/json: {} or {\"lifetime_seconds\": n}, or no body at all for the defaults", "content-type");
            }
            mayHaveBody = false;
        }
        if (mayHaveBody)
        {
            var (body, problem) = await JsonRequestBody.ReadAsync(request, 1024, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.Length > 0)
            {
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(body, ProofsApi.DocumentOptions);
                }
                catch (JsonException)
                {
                    return ProblemResults.Of(StatusCodes.Status400BadRequest, "Malformed JSON", "the body is not a well-formed JSON document", "body");
                }
                using (document)
                {
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(p => p.Name != "lifetime_seconds"))
                    {
                        return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", "the body is {} or {\"lifetime_seconds\": n}", "body");
                    }
                    if (root.TryGetProperty("lifetime_seconds", out var seconds))
                    {
                        int max = (int)options.Value.NonceLifetime.TotalSeconds;
                        if (seconds.ValueKind != JsonValueKind.Number || !seconds.TryGetInt32(out int value) || value < 1 || value > max)
                        {
                            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid request", $"lifetime_seconds must be a whole number from 1 to {max} (NONCE_TTL_SECONDS)", "lifetime_seconds");
                        }
                        lifetime = TimeSpan.FromSeconds(value);
                    }
                }
            }
        }
        var issued = await nonces.IssueAsync(lifetime, cancellationToken);
        return TypedResults.Ok(new ChallengeResponse(issued.Value, issued.ExpiresAt));
    }
}
