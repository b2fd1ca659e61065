using Microsoft.AspNetCore.Diagnostics;
using CredentialHub.Web;

namespace CredentialHub.Host;

/// <summary>
/// Answers a request that failed because PostgreSQL is unavailable for the moment (too many connections, the pool
/// exhausted, the server starting, stopping or unreachable) with 503, <c>Retry-After</c> and a problem document whose
/// <c>field</c> is <c>database</c>, for every endpoint of every module. Any other exception is left to the framework's
/// handler, as before (500).
/// </summary>
internal sealed class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait: about one pool wait, enough for a burst to drain or a server to come back.</summary>
    public const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (TransientDatabaseFailure.Find(exception) is not { } failure)
        {
            return false;
        }
        logger.LogWarning("database temporarily unavailable ({Reason}; {ExceptionType}, SQLSTATE {SqlState}) for {Method} {Path}: answered 503",
            failure.Reason, failure.Cause.GetType().Name, failure.SqlState ?? "none", httpContext.Request.Method, httpContext.Request.Path.Value);
        await ProblemResults.Of(
            StatusCodes.Status503ServiceUnavailable,
            "Database unavailable",
            $"the database is temporarily unavailable ({failure.Reason}); retry in {RetryAfterSeconds} seconds",
            "database",
            RetryAfterSeconds).ExecuteAsync(httpContext);
        return true;
    }
}
