using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Credentials;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Proofs.Presentations;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Security;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CredentialHub.Proofs.Tests.Presentations;

/// <summary>
/// The Credentials module's services in memory, as its registrar wires them: a credential can be issued, its circuit
/// input built, and the public signals the selective-disclosure circuit would output for it computed
/// (revealed = mask · attribute; the real circuit runs in the integration tests).
/// </summary>
internal sealed class CredentialServices : IAsyncDisposable
{
    public const string Circuit = "selective-disclosure";

    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private CredentialServices(WebApplication app, HttpClient http) =>
        (_app, _http, Proofs) = (app, http, app.Services.GetRequiredService<ICredentialProofs>());

    /// <summary>The module's contract, as the Proofs module gets it.</summary>
    public ICredentialProofs Proofs { get; }

    /// <summary>
    /// The Credentials module registered and mapped as the host does, on a loopback port (credentials are issued through
    /// its own <c>POST /credentials</c>; no access control in front of it here: its scope policy lets every caller through).
    /// </summary>
    public static async Task<CredentialServices> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Loopback.FreePort()}");
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddProblemDetails();
        builder.Services.AddCredentialsModule(_ => { });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Scopes.CredentialsIssue, policy => policy.RequireAssertion(_ => true));
        var app = builder.Build();
        app.UseRouting();
        app.UseAuthorization();
        app.MapCredentialsEndpoints();
        await app.StartAsync();
        return new CredentialServices(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Issues a credential with a string, a date and an integer attribute.</summary>
    public async Task<IssuedCredential> IssueAsync()
    {
        using var request = new StringContent("""
            {"subject":"did:example:dana","type":"Membership","attributes":[
              {"name":"name","type":"string","value":"Dana"},{"name":"birth_date","type":"date","value":"1990-01-01"},{"name":"score","type":"integer","value":650}]}
            """, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/credentials", request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"POST /credentials: {(int)response.StatusCode} {body}");
        using var issued = JsonDocument.Parse(body);
        return new IssuedCredential(Guid.Parse(issued.RootElement.GetProperty("id").GetString()!["urn:uuid:".Length..]));
    }

    /// <summary>The circuit input for a proof revealing the name and that the score is at least 600, bound to <paramref name="nonce"/>.</summary>
    public async Task<JsonObject> InputAsync(IssuedCredential credential, string nonce)
    {
        using var threshold = JsonDocument.Parse("600");
        var request = new CredentialProofRequest(Circuit, credential.Id.ToString("D"), new RequestList<string>(["name"]),
            new RequestList<CredentialPredicate>([new CredentialPredicate("score", ">=", threshold.RootElement)]), nonce);
        var result = await Proofs.BuildInputAsync(request, CancellationToken.None);
        Assert.Null(result.Refusal);
        credential.Presentation = result.Input!.Presentation;
        return Json(result.Input.Inputs);
    }

    /// <summary>Typed circuit inputs as the JSON object of an input file: scalars as strings, arrays as arrays of strings.</summary>
    private static JsonObject Json(IReadOnlyList<InputSignal> inputs) =>
        new(inputs.Select(s => KeyValuePair.Create(s.Name, s.Shape is { Count: 0 }
            ? (JsonNode?)JsonValue.Create(s.Values[0].ToString(CultureInfo.InvariantCulture))
            : new JsonArray([.. s.Values.Select(v => (JsonNode?)JsonValue.Create(v.ToString(CultureInfo.InvariantCulture)))]))));

    /// <summary>The public signals the circuit outputs for an input.</summary>
    public static List<string> PublicSignals(JsonObject input) => SelectiveDisclosureSignals.Of(input);

    /// <summary>The presentation the generate response gives for a credential (its schema), as its last input came with it.</summary>
    public static JsonElement Presentation(IssuedCredential credential) =>
        JsonDocument.Parse(credential.Presentation?.ToJsonString() ?? throw new InvalidOperationException("no input was built for the credential yet")).RootElement;
}

/// <summary>A credential issued through <c>POST /credentials</c>, and the presentation of the last input built from it.</summary>
internal sealed class IssuedCredential(Guid id)
{
    public Guid Id { get; } = id;

    public JsonObject? Presentation { get; set; }
}

/// <summary>
/// The presentation checks of POST /proofs/verify in process, against the real Credentials and nonce services kept in
/// memory: the credential checks first, the nonce redeemed last and only when everything else holds, a replay refused
/// and audited.
/// </summary>
public sealed class CredentialPresentationsTests : IDisposable
{
    private readonly ServiceProvider _security = new ServiceCollection().AddLogging().AddSecurityModule(_ => { }).BuildServiceProvider();

    private readonly CapturingLoggers _loggers = new();

    public void Dispose() => _security.Dispose();

    private INonceStore Nonces => _security.GetRequiredService<INonceStore>();

    private async Task<(CredentialPresentations Presentations, List<string> Signals, JsonElement Presentation, string Nonce)> PresentAsync()
    {
        await using var credentials = await CredentialServices.StartAsync();
        var credential = await credentials.IssueAsync();
        var nonce = (await Nonces.IssueAsync(TimeSpan.FromMinutes(5), CancellationToken.None)).Value;
        var input = await credentials.InputAsync(credential, nonce);
        return (new CredentialPresentations(credentials.Proofs, Nonces, _loggers), CredentialServices.PublicSignals(input), CredentialServices.Presentation(credential), nonce);
    }

    [Fact]
    public async Task A_valid_presentation_discloses_what_it_reveals_and_spends_its_nonce_once()
    {
        var (presentations, signals, presentation, nonce) = await PresentAsync();
        Assert.True(presentations.IsCredentialCircuit(CredentialServices.Circuit));
        Assert.False(presentations.IsCredentialCircuit("solvency"));

        var verdict = await presentations.CheckAsync(CredentialServices.Circuit, VerificationOutcome.Valid, signals, presentation, nonce, "request-1", CancellationToken.None);
        Assert.Equal((null, false), (verdict.Refusal, verdict.Replayed));
        Assert.True(verdict.Outcome.IsValid, verdict.Outcome.Reason);
        Assert.Equal("""{"name":"Dana"}""", verdict.Disclosure!["revealed"]!.ToJsonString());
        Assert.Equal(nonce, verdict.Disclosure["nonce"]!.GetValue<string>());

        var replay = await presentations.CheckAsync(CredentialServices.Circuit, VerificationOutcome.Valid, signals, presentation, nonce, "request-2", CancellationToken.None);
        Assert.True(replay.Replayed);
        Assert.Null(replay.Disclosure);
        var audit = Assert.Single(_loggers.Entries, e => e.Category == "CredentialHub.Audit");
        Assert.Equal("security event replay: a presentation on selective-disclosure with a spent nonce (request request-2)", audit.Message);
    }

    [Fact]
    public async Task The_nonce_is_redeemed_only_when_the_proof_and_every_credential_check_hold()
    {
        var (presentations, signals, presentation, nonce) = await PresentAsync();

        // The proof itself failed: invalid, the credential checks still run (they may refuse the request), the nonce stays.
        var failed = await presentations.CheckAsync(CredentialServices.Circuit, VerificationOutcome.Invalid("pairing"), signals, presentation, nonce, "r", CancellationToken.None);
        Assert.Equal((false, "pairing", null), (failed.Outcome.IsValid, failed.Outcome.Reason, failed.Disclosure));

        // A credential check failed (another day's proof is not today's): invalid with that reason, the nonce stays.
        var stale = signals.ToList();
        stale[^1] = "1";
        var refused = await presentations.CheckAsync(CredentialServices.Circuit, VerificationOutcome.Valid, stale, presentation, nonce, "r", CancellationToken.None);
        Assert.False(refused.Outcome.IsValid);
        Assert.Contains("today", refused.Outcome.Reason, StringComparison.Ordinal);
        Assert.Null(refused.Disclosure);

        Assert.Equal(NonceRedemption.Redeemed, await Nonces.RedeemAsync(nonce, CancellationToken.None));
        Assert.DoesNotContain(_loggers.Entries, e => e.Category == "CredentialHub.Audit");
    }

    [Fact]
    public async Task A_nonce_this_service_never_issued_makes_the_presentation_invalid()
    {
        await using var credentials = await CredentialServices.StartAsync();
        var credential = await credentials.IssueAsync();
        const string stranger = "123456789";
        var input = await credentials.InputAsync(credential, stranger);
        var presentations = new CredentialPresentations(credentials.Proofs, Nonces, _loggers);
        var verdict = await presentations.CheckAsync(CredentialServices.Circuit, VerificationOutcome.Valid, CredentialServices.PublicSignals(input), CredentialServices.Presentation(credential), stranger, "r", CancellationToken.None);
        Assert.Null(verdict.Refusal);
        Assert.False(verdict.Outcome.IsValid);
        Assert.Contains("was not issued by this service", verdict.Outcome.Reason, StringComparison.Ordinal);
        Assert.Null(verdict.Disclosure);
    }

    [Fact]
    public async Task A_malformed_presentation_or_nonce_is_a_refusal_naming_the_field()
    {
        var (presentations, signals, _, nonce) = await PresentAsync();
        using var malformed = JsonDocument.Parse("""{"schema":{"type":"X","attributes":[]}}""");
        var badPresentation = await presentations.CheckAsync(CredentialServices.Circuit, VerificationOutcome.Valid, signals, malformed.RootElement, nonce, "r", CancellationToken.None);
        Assert.Equal((CredentialRefusalReason.InvalidRequest, "presentation.schema.attributes"), (badPresentation.Refusal!.Reason, badPresentation.Refusal.Field));

        using var wrongShape = JsonDocument.Parse("""{"x":1}""");
        var notAPresentation = await presentations.CheckAsync(CredentialServices.Circuit, VerificationOutcome.Valid, signals, wrongShape.RootElement, nonce, "r", CancellationToken.None);
        Assert.Equal((CredentialRefusalReason.InvalidRequest, "presentation"), (notAPresentation.Refusal!.Reason, notAPresentation.Refusal.Field));

        var (_, _, presentation, _) = await PresentAsync();
        var badNonce = await presentations.CheckAsync(CredentialServices.Circuit, VerificationOutcome.Valid, signals, presentation, "007", "r", CancellationToken.None);
        Assert.Equal((CredentialRefusalReason.InvalidRequest, "nonce"), (badNonce.Refusal!.Reason, badNonce.Refusal.Field));

        Assert.Equal(NonceRedemption.Redeemed, await Nonces.RedeemAsync(nonce, CancellationToken.None));
    }

    /// <summary>Keeps every log line with its category.</summary>
    private sealed class CapturingLoggers : Microsoft.Extensions.Logging.ILoggerFactory
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Category, string Message)> Entries { get; } = new();

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggers owner, string category) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, formatter(state, exception)));
        }
    }
}
