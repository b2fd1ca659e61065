using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CredentialHub.Security;

/// <summary>The Security module: request body limits and response security headers, as middleware.</summary>
public static class SecurityModule
{
    public static IServiceCollection AddSecurityModule(this IServiceCollection services, SecurityModuleOptions options) =>
        services.AddSingleton(options);

    /// <summary>Adds the middleware; call after routing so that endpoint metadata is known.</summary>
    public static IApplicationBuilder UseSecurityModule(this IApplicationBuilder app) => app.UseMiddleware<RequestLimitsMiddleware>();
}

/// <summary>
/// Sets the usual security headers on every response and caps each request body at its endpoint's
/// <see cref="RequestBodyLimit"/> or the default: a declared length over the cap is refused at once (413), and
/// the server stops reading a streamed body at the cap.
/// </summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next, SecurityModuleOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        if (!context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        }

        long limit = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>()?.Bytes ?? options.MaxRequestBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await Results.Problem($"the body is {context.Request.ContentLength} bytes; this endpoint accepts at most {limit}",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
                extensions: new Dictionary<string, object?> { ["field"] = "body" }).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
