namespace CredentialHub.Host;

/// <summary>
/// The <c>detail</c> of a problem the framework raises itself (no endpoint, a method or media type the endpoint does not
/// take, a body over the server's cap): what was wrong with the request and what to send instead.
/// </summary>
internal static class FrameworkProblems
{
    public static string Detail(HttpContext context, int? status)
    {
        var request = context.Request;
        string path = request.Path.ToUriComponent();
        return status switch
        {
            StatusCodes.Status404NotFound =>
                $"there is no endpoint {request.Method} {path}; the endpoints are listed at /swagger (OpenAPI document: /swagger/v1/swagger.json)",
            StatusCodes.Status405MethodNotAllowed => context.Response.Headers.Allow is { Count: > 0 } allow
                ? $"{path} does not take {request.Method}; it takes {string.Join(", ", allow.ToArray())}"
                : $"{path} does not take {request.Method}; see /swagger for the methods it takes",
            StatusCodes.Status415UnsupportedMediaType => request.Path.StartsWithSegments("/circuits", StringComparison.OrdinalIgnoreCase)
                ? $"{request.Method} {path} takes multipart/form-data (the parts configuration, wasm, zkey and vkey), not {MediaType(request)}"
                : $"{request.Method} {path} takes application/json, not {MediaType(request)}",
            StatusCodes.Status413PayloadTooLarge => "the body is larger than this endpoint accepts; send a smaller one",
            StatusCodes.Status400BadRequest => "the request could not be read; check its framing and headers",
            _ => $"the request failed (request id {context.TraceIdentifier}, which the service's log names)",
        };
    }

    private static string MediaType(HttpRequest request) => request.ContentType switch
    {
        null => "a body without a Content-Type",
        { Length: > 100 } long_ => long_[..100] + "…",
        var type => type,
    };
}

/// <summary>
/// A request the server could not read (framing, an unexpected end, a body over the server's cap) that reached an
/// endpoint reading its body through the framework: the status Kestrel chose (400, 413, …) as a problem document, not
/// a 500.
/// </summary>
internal sealed class BadRequestExceptionHandler : Microsoft.AspNetCore.Diagnostics.IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = bad.StatusCode;
        await Results.Problem($"the request could not be read: {bad.Message.TrimEnd('.')}", statusCode: bad.StatusCode,
            title: bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Unreadable request",
            extensions: new Dictionary<string, object?> { ["field"] = "body" }).ExecuteAsync(httpContext);
        return true;
    }
}

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
