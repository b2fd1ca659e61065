using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CredentialHub.Host.Tests;

/// <summary>
/// TRUSTED_PROXIES: bound and parsed, and the forwarded-headers middleware the host runs with it believes
/// X-Forwarded-For / -Proto from those proxies only, one hop at a time from the right, so that a client cannot pick
/// its own address (per-address rate limits) by writing the header itself.
/// </summary>
public class TrustedProxiesTests
{
    private static async Task<(string? Address, string Scheme, string? Remaining)> ThroughAsync(string proxies, string peer, string? forwardedFor, string? forwardedProto = null)
    {
        var networks = TrustedProxies.Parse(proxies) ?? throw new InvalidOperationException($"not parsed: {proxies}");
        HttpContext? seen = null;
        var middleware = new ForwardedHeadersMiddleware(context =>
        {
            seen = context;
            return Task.CompletedTask;
        }, NullLoggerFactory.Instance, Options.Create(TrustedProxies.ForwardedHeaders(networks)));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        context.Request.Scheme = "http";
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }
        if (forwardedProto is not null)
        {
            context.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
        }
        await middleware.Invoke(context);
        Assert.NotNull(seen);
        string? remaining = seen.Request.Headers.TryGetValue("X-Forwarded-For", out var left) ? left.ToString() : null;
        return (seen.Connection.RemoteIpAddress?.ToString(), seen.Request.Scheme, remaining);
    }

    [Fact]
    public void TRUSTED_PROXIES_is_unset_by_default_and_bound_as_addresses_and_networks()
    {
        using (var none = ConfiguredService.With())
        {
            Assert.Null(none.Options<HostSettings>().TrustedProxyNetworks);
        }
        using var set = ConfiguredService.With(("TRUSTED_PROXIES", " 172.30.0.10, 10.1.0.0/16 ,fd00::/8,::1"));
        Assert.Empty(set.Failures());
        Assert.Equal(
            ["172.30.0.10/32", "10.1.0.0/16", "fd00::/8", "::1/128"],
            set.Options<HostSettings>().TrustedProxyNetworks!.Select(n => n.ToString()));
    }

    [Fact]
    public async Task The_client_address_and_scheme_come_from_a_trusted_proxy()
    {
        Assert.Equal(("198.51.100.7", "https", null), await ThroughAsync("172.30.0.10", "172.30.0.10", "198.51.100.7", "https"));
        Assert.Equal(("198.51.100.7", "http", null), await ThroughAsync("172.30.0.0/24", "172.30.0.10", "198.51.100.7", "http"));
        // A proxy connecting over IPv6 to a dual-stack socket, trusted by its IPv4 address.
        Assert.Equal("198.51.100.7", (await ThroughAsync("172.30.0.10", "::ffff:172.30.0.10", "198.51.100.7")).Address);
    }

    [Fact]
    public async Task Headers_from_an_untrusted_peer_are_ignored()
    {
        var direct = await ThroughAsync("172.30.0.10", "203.0.113.5", "198.51.100.7", "https");
        Assert.Equal(("203.0.113.5", "http"), (direct.Address, direct.Scheme));
        // Loopback is not trusted unless named.
        Assert.Equal("127.0.0.1", (await ThroughAsync("172.30.0.10", "127.0.0.1", "198.51.100.7")).Address);
    }

    [Fact]
    public async Task An_address_the_client_wrote_into_the_header_is_never_taken_for_its_own()
    {
        // nginx appends the address it saw ($proxy_add_x_forwarded_for) to whatever the client sent.
        var spoofed = await ThroughAsync("172.30.0.10", "172.30.0.10", "10.9.9.9, 198.51.100.7");
        Assert.Equal("198.51.100.7", spoofed.Address);
        Assert.Equal("10.9.9.9", spoofed.Remaining);
        // A chain of trusted proxies (a cloud balancer 10.0.0.0/8, then nginx) is read hop by hop.
        var chain = await ThroughAsync("172.30.0.10, 10.0.0.0/8", "172.30.0.10", "10.9.9.9, 198.51.100.7, 10.2.3.4");
        Assert.Equal("198.51.100.7", chain.Address);
        Assert.Equal("10.9.9.9", chain.Remaining);
    }
}
