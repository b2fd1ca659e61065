using Microsoft.AspNetCore.Http;

namespace CredentialHub.Web;

/// <summary>RFC 7807 problem documents with the JSON path of the field at fault in a <c>field</c> member: the one shape every module answers errors in.</summary>
public static class ProblemResults
{
    public static IResult Of(int status, string title, string detail, string field, int? retryAfterSeconds = null)
    {
        var result = TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["field"] = field });
        return retryAfterSeconds is { } seconds ? new WithRetryAfter(result, seconds) : result;
    }

    /// <summary>A problem with a Retry-After header (429, 503).</summary>
    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
