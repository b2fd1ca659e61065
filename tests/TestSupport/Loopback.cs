using System.Net;
using System.Net.Sockets;

namespace CredentialHub.TestSupport;

/// <summary>The loopback interface the test servers and hosts listen on.</summary>
public static class Loopback
{
    /// <summary>A TCP port free on 127.0.0.1 at the moment of asking (another process may take it before it is bound).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
