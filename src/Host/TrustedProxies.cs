using System.Net;
using IPNetwork = System.Net.IPNetwork;

namespace CredentialHub.Host;

/// <summary>
/// TRUSTED_PROXIES: the load balancers and reverse proxies in front of the service, whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> headers are believed, so that the client address (per-address rate limits, audit lines)
/// and scheme are the client's rather than the balancer's. A comma-separated list of IP addresses (<c>10.0.0.5</c>)
/// and networks (<c>172.18.0.0/16</c>, <c>fd00::/8</c>). The headers are read from the right, one hop at a time,
/// while the address the request came from is a trusted proxy: an address a client writes into the header itself
/// is never taken for its own. Unset (the default): the headers are ignored and the client address is the peer's.
/// </summary>
internal static class TrustedProxies
{
    public const string Requirement = "TRUSTED_PROXIES must be a comma-separated list of IP addresses and networks (such as 10.0.0.5, 172.18.0.0/16)";

    /// <summary>The addresses and networks of <paramref name="text"/>, or null when an entry is neither (or there is none).</summary>
    public static IReadOnlyList<IPNetwork>? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var networks = new List<IPNetwork>();
        foreach (string entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                // Strict: no host bits after the prefix (172.18.0.1/16 is refused, as a likely mistake).
                if (!IPNetwork.TryParse(entry, out var network) || !IPAddress.TryParse(entry[..entry.IndexOf('/', StringComparison.Ordinal)], out var written) || !network.BaseAddress.Equals(written))
                {
                    return null;
                }
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address) && !entry.Contains('%', StringComparison.Ordinal))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                return null;
            }
        }
        return networks.Count == 0 ? null : networks;
    }

    /// <summary>The forwarded-headers middleware's options for these proxies (and no others: not even loopback).</summary>
    public static ForwardedHeadersOptions ForwardedHeaders(IReadOnlyList<IPNetwork> proxies)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            // Every hop is read while it comes from a trusted proxy (a chain: a cloud balancer, then nginx); the first
            // address that is not one is the client.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var network in proxies)
        {
            options.KnownIPNetworks.Add(network);
        }
        return options;
    }
}
