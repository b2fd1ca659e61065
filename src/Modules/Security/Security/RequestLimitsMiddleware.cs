using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CredentialHub.Security;

/// <summary>
/// Sets the usual security headers on every response and caps each request body at its endpoint's
/// <see cref="RequestBodyLimit"/> or the default: a declared length over the cap is refused at once (413), and
/// the server stops reading a streamed body at the cap.
/// </summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next, IOptions<SecurityModuleOptions> options)
{
    /// <summary>The largest refused body the server still reads and discards to keep the connection.</summary>
    private const long DrainLimit = 1 << 20;

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers["X-Request-Id"] = context.TraceIdentifier;
        if (!context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        }

        var endpoint = context.GetEndpoint();
        long limit = endpoint?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes ?? options.Value.MaxRequestBytes;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } writable ? writable : null;
        if (feature is not null)
        {
            feature.MaxRequestBodySize = limit;
        }
        if (endpoint?.DisplayName is RoutingRejection.UnsupportedMediaType or RoutingRejection.MethodNotAllowed)
        {
            // Routing already refused the request for its media type or method, whatever its size: that answer (415,
            // 405) says what to change, where a 413 naming another endpoint's cap would mislead. The body is not read;
            // a small one is discarded so that the connection stays usable.
            if (feature is not null && context.Request.ContentLength is { } declared && declared <= DrainLimit)
            {
                feature.MaxRequestBodySize = Math.Max(limit, declared);
            }
            else if (context.Request.ContentLength > limit || context.Request.ContentLength is null)
            {
                context.Response.Headers.Connection = "close";
            }
            await next(context);
            return;
        }
        if (context.Request.ContentLength > limit)
        {
            // Refused from the declared length without reading the body. The server then discards the unread body so
            // that the client, still sending, reads the answer on a healthy connection (a connection closed on unread
            // data can lose the answer): allowed up to DrainLimit, beyond it the connection is closed.
            if (feature is not null && context.Request.ContentLength <= DrainLimit)
            {
                feature.MaxRequestBodySize = context.Request.ContentLength;
            }
            else
            {
                context.Response.Headers.Connection = "close";
            }
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await Results.Problem($"the body is {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
                extensions: new Dictionary<string, object?> { ["field"] = "body" }).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
