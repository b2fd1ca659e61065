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
