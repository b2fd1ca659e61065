using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace CredentialHub.Integration.Tests.Support;

/// <summary>
/// HTTP/1.1 over a plain socket, for the requests an HTTP client library will not send (framing errors, bodies
/// without any length, headers in an unusual order). Every request is sent with <c>Connection: close</c> and the
/// answer read to the end of the connection.
/// </summary>
internal static class RawHttp
{
    internal sealed record Answer(int Status, Dictionary<string, string> Headers, string Body)
    {
        internal JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

        internal string? MediaType => Headers.TryGetValue("content-type", out string? type) ? type.Split(';')[0].Trim() : null;

        public override string ToString() => $"{Status} {Body}";
    }

    /// <summary>Sends the head (lines without the final blank line; Host and Connection are added) and the body parts in turn.</summary>
    internal static async Task<Answer> SendAsync(Uri address, string head, params byte[][] body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        string fullHead = head.TrimEnd('\r', '\n') + $"\r\nHost: {address.Host}:{address.Port}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(fullHead));
        try
        {
            foreach (byte[] part in body)
            {
                await stream.WriteAsync(part);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before the whole body is sent (a refused upload): read what it said.
        }
        using var received = new MemoryStream();
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer (the server closed with unread body bytes): the answer is complete.
        }
        return Parse(received.ToArray());
    }

    /// <summary>A JSON POST with an explicit Content-Length.</summary>
    internal static Task<Answer> PostJsonAsync(Uri address, string path, string json, string? apiKey)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        return SendAsync(address, $"POST {path} HTTP/1.1\r\n{Key(apiKey)}Content-Type: application/json\r\nContent-Length: {body.Length}", body);
    }

    internal static string Key(string? apiKey) => apiKey is null ? "" : $"X-API-Key: {apiKey}\r\n";

    /// <summary>One chunk of a chunked body.</summary>
    internal static byte[] Chunk(byte[] data) => [.. Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8];

    private static Answer Parse(byte[] raw)
    {
        int headEnd = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(headEnd > 0, $"no HTTP answer: '{Encoding.UTF8.GetString(raw)}'");
        string[] lines = Encoding.ASCII.GetString(raw, 0, headEnd).Split("\r\n");
        int status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var body = raw.AsSpan(headEnd + 4);
        if (headers.TryGetValue("transfer-encoding", out string? encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            using var decoded = new MemoryStream();
            int at = 0;
            while (at < body.Length)
            {
                int lineEnd = at + body[at..].IndexOf("\r\n"u8);
                int size = Convert.ToInt32(Encoding.ASCII.GetString(body[at..lineEnd]), 16);
                if (size == 0)
                {
                    break;
                }
                decoded.Write(body.Slice(lineEnd + 2, size));
                at = lineEnd + 2 + size + 2;
            }
            return new Answer(status, headers, Encoding.UTF8.GetString(decoded.ToArray()));
        }
        return new Answer(status, headers, Encoding.UTF8.GetString(body));
    }
}
