using System.IO.Compression;
using System.Net;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>
/// A minimal OpenTelemetry collector for the tests: accepts OTLP/HTTP protobuf trace exports
/// (<c>POST /v1/traces</c>) on a loopback port and keeps every request body as received.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<byte[]> _bodies = [];
    private readonly Task _serving;

    public OtlpReceiver()
    {
        for (int attempt = 0; ; attempt++)
        {
            Port = TestSupport.Loopback.FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Every export body received so far.</summary>
    public IReadOnlyList<byte[]> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    /// <summary>Every span received so far.</summary>
    public IReadOnlyList<OtlpSpan> Spans => [.. Bodies.SelectMany(OtlpSpan.Read)];

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            Stream input = context.Request.Headers["Content-Encoding"] == "gzip" ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress) : context.Request.InputStream;
            await input.CopyToAsync(body);
            bool traces = context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/traces";
            if (traces)
            {
                lock (_bodies)
                {
                    _bodies.Add(body.ToArray());
                }
            }
            context.Response.StatusCode = traces ? 200 : 404;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
