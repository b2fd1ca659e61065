using System.Diagnostics;

namespace CredentialHub.Host;

/// <summary>
/// The service's first requests, made by the service itself once it listens and before it says it is ready: the
/// public endpoints (liveness, health, metrics, the OpenAPI document) run the server's, the routing's, the
/// middleware's and the JSON writers' code once, which the first client would otherwise pay for (several hundred
/// milliseconds). They need no credential, so nothing is logged as a security event, and nothing is stored.
/// </summary>
internal static class HttpWarmup
{
    // Only paths the rate limits exempt (health, metrics, documentation): the warm-up takes nothing of any limit.
    private static readonly string[] Paths = ["/health/live", "/health", "/metrics", "/metrics/proofs", "/swagger/v1/swagger.json"];

    /// <summary>Sends the requests to the first address the service listens on; returns how long they took.</summary>
    public static async Task<TimeSpan> RunAsync(IEnumerable<string> urls, ILogger logger, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (urls.Select(Loopback).FirstOrDefault(u => u is not null) is not { } address)
        {
            return clock.Elapsed;
        }
        using var handler = new SocketsHttpHandler { UseProxy = false };
        if (address.Scheme == Uri.UriSchemeHttps)
        {
            // The service's own certificate, on its own loopback address.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        foreach (string path in Paths)
        {
            try
            {
                using var response = await http.GetAsync(path, cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("warm-up request {Path} failed: {Reason}", path, e.Message);
            }
        }
        return clock.Elapsed;
    }

    /// <summary>The address as this machine reaches it: a wildcard host (0.0.0.0, [::], +, *) becomes the loopback.</summary>
    private static Uri? Loopback(string url)
    {
        string normalized = url.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }
        var builder = new UriBuilder(uri);
        if (uri.Host is "0.0.0.0" or "localhost")
        {
            builder.Host = "127.0.0.1";
        }
        else if (uri.Host is "[::]" or "::")
        {
            builder.Host = "[::1]";
        }
        return builder.Uri;
    }
}
