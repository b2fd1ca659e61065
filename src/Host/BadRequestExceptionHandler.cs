namespace CredentialHub.Host;

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
