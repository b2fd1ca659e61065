using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CredentialHub.Web;

/// <summary>
/// A problem document whose <c>field</c> names the JSON path at fault, with an optional Retry-After header (429, 503):
/// the typed result an endpoint lists in its <c>Results&lt;…&gt;</c> union. Like <see cref="ProblemHttpResult"/> it adds no
/// OpenAPI metadata of its own (its status varies), so an endpoint still lists the problem statuses it answers with.
/// </summary>
public sealed class FieldProblem : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    private readonly ProblemHttpResult _problem;

    internal FieldProblem(ProblemHttpResult problem, int? retryAfterSeconds)
    {
        _problem = problem;
        RetryAfterSeconds = retryAfterSeconds;
    }

    /// <summary>The problem document.</summary>
    public ProblemDetails ProblemDetails => _problem.ProblemDetails;

    /// <summary>The JSON path of the field at fault.</summary>
    public string? Field => ProblemDetails.Extensions.TryGetValue("field", out var value) ? value as string : null;

    /// <summary>The Retry-After header's seconds, when the problem has one.</summary>
    public int? RetryAfterSeconds { get; }

    public int StatusCode => _problem.StatusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    object? IValueHttpResult.Value => ProblemDetails;

    ProblemDetails? IValueHttpResult<ProblemDetails>.Value => ProblemDetails;

    public string ContentType => _problem.ContentType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (RetryAfterSeconds is { } seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return _problem.ExecuteAsync(httpContext);
    }
}
