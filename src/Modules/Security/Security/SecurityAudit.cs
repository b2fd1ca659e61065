using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Security;

/// <summary>
/// Security events (authentication failures, missing scopes, rate-limit refusals) as warning lines of the
/// <see cref="Category"/> log category, each naming the request and the client address; a credential is never in one.
/// </summary>
internal sealed class SecurityAudit(ILoggerFactory loggers)
{
    public const string Category = "CredentialHub.Audit";

    private readonly ILogger _log = loggers.CreateLogger(Category);

    public void Write(HttpContext context, string securityEvent, string detail) =>
        _log.LogWarning("security event {SecurityEvent}: {Detail} ({Method} {Path}, request {RequestId}, client {Client})",
            securityEvent, detail, context.Request.Method, context.Request.Path.Value, context.TraceIdentifier, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
