namespace CredentialHub.Host;

/// <summary>
/// A registered circuit that fails its checks when an instance loads it (its stored artifacts changed, or a check added
/// since its registration refuses it): a 503 naming the circuit and the reason, with a long Retry-After (nothing
/// changes until an operator registers a corrected circuit), instead of a 500 on every request that names it.
/// </summary>
internal sealed class CircuitRefusedHandler : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not CredentialHub.Circuits.Contracts.CircuitIntegrityException refused || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "3600";
        await Results.Problem($"{refused.Message}; the circuit is not served: an operator must register a corrected circuit (under a new id) or repair its stored artifacts",
            statusCode: StatusCodes.Status503ServiceUnavailable, title: "Circuit refused",
            extensions: new Dictionary<string, object?> { ["field"] = "circuit_id" }).ExecuteAsync(httpContext);
        return true;
    }
}
