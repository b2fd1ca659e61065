using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using CredentialHub.Security.Authentication;
using CredentialHub.Security.Contracts;
using CredentialHub.Security.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CredentialHub.Security.Tests.Authentication;

/// <summary>
/// The Security module as the host wires it (<c>AddSecurityModule</c>, routing, <c>UseSecurityModule</c>), on a loopback
/// Kestrel, in front of test endpoints that answer who called them: <c>POST /proofs/generate</c> (scope prove, the
/// proving rate limit), <c>POST /proofs/verify</c> (verify), <c>POST /credentials</c> (credentials:issue or
/// circuits:admin), <c>POST /proofs/any</c> (circuits:admin or prove) and the public <c>POST /proofs/challenges</c>,
/// <c>/health</c>, <c>/health/live</c>, <c>/metrics</c> and <c>/swagger/v1/swagger.json</c>. The client address of a
/// request is the test's (<see cref="ClientAddressHeader"/>); the clock is <see cref="Clock"/>, the log <see cref="Loggers"/>.
/// </summary>
internal sealed class SecurityHost : IAsyncDisposable
{
    public const string ClientAddressHeader = "X-Test-Client-Address";

    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private SecurityHost(WebApplication app, ManualTimeProvider clock, TestLoggerFactory loggers)
    {
        _app = app;
        Clock = clock;
        Loggers = loggers;
        _http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public ManualTimeProvider Clock { get; }

    public TestLoggerFactory Loggers { get; }

    public ApiKeys Keys => _app.Services.GetRequiredService<ApiKeys>();

    public InMemoryApiKeyStore Store => (InMemoryApiKeyStore)_app.Services.GetRequiredService<IApiKeyStore>();

    public IEnumerable<string> Audit => Loggers.Entries.Where(e => e.Category == SecurityAudit.Category).Select(e => e.Message);

    /// <summary>Starts the module with these options (rate limits off unless given) on a clock starting now.</summary>
    public static async Task<SecurityHost> StartAsync(Action<SecurityModuleOptions>? configure = null)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var loggers = new TestLoggerFactory();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(loggers);
        builder.WebHost.UseUrls($"http://127.0.0.1:{Loopback.FreePort()}");
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSecurityModule(configure ?? (options => (options.RateLimitPerMinute, options.ProveRateLimitPerMinute) = (0, 0)));
        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            }
            return next(context);
        });
        app.UseRouting();
        app.UseSecurityModule();
        app.MapPost("/proofs/generate", Caller).RequireAuthorization(Scopes.Prove).WithMetadata(RateLimitClass.Prove);
        app.MapPost("/proofs/verify", Caller).RequireAuthorization(Scopes.Verify);
        app.MapPost("/credentials", Caller).RequireAuthorization(Scopes.AnyOf(Scopes.CredentialsIssue, Scopes.CircuitsAdmin));
        app.MapPost("/proofs/any", Caller).RequireAuthorization(Scopes.AnyOf(Scopes.CircuitsAdmin, Scopes.Prove));
        app.MapPost("/proofs/challenges", Caller);
        foreach (string path in new[] { "/health", "/health/live", "/metrics", "/swagger/v1/swagger.json" })
        {
            app.MapMethods(path, ["GET", "POST"], Caller);
        }
        await app.StartAsync();
        return new SecurityHost(app, clock, loggers);
    }

    /// <summary>The endpoint: who called (the user's name and scope claims), so that the test sees it was reached and as whom.</summary>
    private static IResult Caller(HttpContext context) => Results.Json(new JsonObject
    {
        ["reached"] = true,
        ["caller"] = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null,
        ["scopes"] = new JsonArray([.. context.User.FindAll(Scopes.ClaimType).Select(c => (JsonNode)c.Value)]),
    });

    public async Task<string> KeyAsync(params string[] scopes) => (await Keys.CreateAsync("tests", scopes, CancellationToken.None)).Key;

    public async Task<HostResponse> SendAsync(string path, string? apiKey = null, string? authorization = null, string address = "192.0.2.1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(ClientAddressHeader, address);
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", apiKey);
        }
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        using var response = await _http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        var headers = new HeaderDictionary();
        foreach (var (header, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[header] = values.ToArray();
        }
        var json = body.Length == 0 ? null : JsonNode.Parse(body)!.AsObject();
        bool reached = json?["reached"]?.GetValue<bool>() == true;
        ClaimsPrincipal? caller = reached && json!["caller"]?.GetValue<string>() is { } name
            ? Callers.Principal("test", name, json["scopes"]!.AsArray().Select(s => s!.GetValue<string>()))
            : null;
        return new HostResponse((int)response.StatusCode, headers, reached ? null : json, reached, caller, response.Content.Headers.ContentType?.MediaType);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }
}
