using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CredentialHub.TestSupport;

/// <summary>
/// An identity provider's published keys on a loopback Kestrel: <c>/jwks.json</c> (a JSON Web Key Set of the keys
/// last <see cref="Publish"/>ed) and <c>/.well-known/openid-configuration</c> (naming the issuer and that JWKS), each
/// fetch counted; <see cref="Unavailable"/> makes both answer 503.
/// </summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile JsonObject _keys = new() { ["keys"] = new JsonArray() };
    private int _keyFetches;
    private int _discoveryFetches;

    private JwksServer(WebApplication app, string issuer) => (_app, Issuer) = (app, issuer);

    public string Issuer { get; }

    /// <summary>The server's root (http://127.0.0.1:port/): the authority whose discovery document it serves.</summary>
    public Uri Authority => new(_app.Urls.First() + "/");

    public Uri JwksUrl => new(Authority, "jwks.json");

    public int KeyFetches => Volatile.Read(ref _keyFetches);

    public int DiscoveryFetches => Volatile.Read(ref _discoveryFetches);

    public bool Unavailable { get; set; }

    public static async Task<JwksServer> StartAsync(string issuer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Loopback.FreePort()}");
        var app = builder.Build();
        var server = new JwksServer(app, issuer);
        app.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref server._keyFetches);
            return server.Unavailable ? Results.StatusCode(503) : Results.Text(server._keys.ToJsonString(), "application/json");
        });
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref server._discoveryFetches);
            var document = new JsonObject { ["issuer"] = issuer, ["jwks_uri"] = server.JwksUrl.AbsoluteUri, ["id_token_signing_alg_values_supported"] = new JsonArray("RS256", "ES256") };
            return server.Unavailable ? Results.StatusCode(503) : Results.Text(document.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        return server;
    }

    /// <summary>From now on the JWKS holds exactly these keys (a rotation: publish the new key, then drop the old one).</summary>
    public void Publish(params TestSigningKey[] keys) =>
        _keys = new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode)k.Jwk())]) };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
