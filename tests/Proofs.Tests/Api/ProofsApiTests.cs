using CredentialHub.Proofs.Provers;
using System.Text;
using CredentialHub.Circuits;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Proofs.Api;
using CredentialHub.Proofs.Jobs;
using CredentialHub.Proofs.Presentations;
using CredentialHub.Proofs.Tests.Jobs;
using CredentialHub.Proofs.Tests.Presentations;
using CredentialHub.Proofs.Storage;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Security;
using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CredentialHub.Proofs.Tests.Api;

/// <summary>
/// The /proofs handlers called in process with real in-memory stores and an empty circuit catalog: what each answers
/// before any proof work, as typed results (the problem's status, field and Retry-After).
/// </summary>
public sealed class ProofsApiTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddLogging()
        .AddSecurityModule(_ => { })
        .BuildServiceProvider();

    private readonly InMemoryProofStore _store = new();

    private readonly IOptions<ProofsModuleOptions> _options = Options.Create(new ProofsModuleOptions { MaxConcurrentProofs = 1, RequestWait = TimeSpan.FromSeconds(5) });

    public void Dispose() => _services.Dispose();

    private INonceStore Nonces => _services.GetRequiredService<INonceStore>();

    private static ICircuitCatalog EmptyCatalog() => TestCircuits.EmptyCatalog();

    private static HttpRequest Request(string? body, string? contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
        }
        else
        {
            context.Request.ContentLength = 0;
        }
        context.Request.ContentType = contentType;
        return context.Request;
    }

    private static FieldProblem Problem(IResult result) => Assert.IsType<FieldProblem>(result);

    private ProofWorkers Workers(ICircuitCatalog catalog) =>
        new(_options, _store, new Microsoft.Extensions.Hosting.Internal.ApplicationLifetime(NullLogger<Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>.Instance),
            NullLogger<ProofWorkers>.Instance, catalog, new ProofMetrics([]), new InProcessProver());

    private static async Task<GenerateProof.Services> GenerateServicesAsync(ProofWorkers workers, ICircuitCatalog catalog, InMemoryProofStore store, IOptions<ProofsModuleOptions> options) =>
        new(catalog, TestCircuits.Module().GetRequiredService<IInputValidator>(), (await CredentialServices.StartAsync()).Proofs, workers, store, new ServiceInstance(options), new ProofMetrics([]), options);

    private async Task<VerifyProof.Services> VerifyServicesAsync(ICircuitCatalog catalog) =>
        new(catalog, new CredentialPresentations((await CredentialServices.StartAsync()).Proofs, Nonces, NullLoggerFactory.Instance), _store,
            new VerificationBatcher(NullLogger<VerificationBatcher>.Instance), new ProofMetrics([]), _options);

    private static ProofRecord Record(ProofStatus status) =>
        new(Guid.NewGuid(), "solvency", status, null, null, null, null, DateTimeOffset.UtcNow, null, null, null);

    [Fact]
    public async Task GetProof_answers_the_stored_job_or_a_problem_naming_the_id()
    {
        var record = Record(ProofStatus.Queued);
        await _store.AddAsync(record, CancellationToken.None);

        var found = Assert.IsType<Ok<ProofResponse>>((await GetProof.HandleAsync(record.Id.ToString("D"), _store, CancellationToken.None)).Result);
        Assert.Equal((record.Id, "queued", "solvency"), (found.Value!.ProofId, found.Value.Status, found.Value.CircuitId));
        Assert.Null(found.Value.Proof);

        var invalid = Problem((await GetProof.HandleAsync("not-a-uuid", _store, CancellationToken.None)).Result);
        Assert.Equal((400, "id"), (invalid.StatusCode, invalid.Field));
        var unknown = Problem((await GetProof.HandleAsync(Guid.NewGuid().ToString("D"), _store, CancellationToken.None)).Result);
        Assert.Equal((404, "id"), (unknown.StatusCode, unknown.Field));
    }

    [Fact]
    public async Task IssueChallenge_issues_a_redeemable_nonce_and_refuses_what_is_not_a_lifetime()
    {
        var issued = Assert.IsType<Ok<ChallengeResponse>>((await IssueChallenge.HandleAsync(Request(null, null), Nonces, _options, CancellationToken.None)).Result);
        Assert.Equal(NonceRedemption.Redeemed, await Nonces.RedeemAsync(issued.Value!.Nonce, CancellationToken.None));
        Assert.Equal(NonceRedemption.AlreadyRedeemed, await Nonces.RedeemAsync(issued.Value.Nonce, CancellationToken.None));

        var shorter = Assert.IsType<Ok<ChallengeResponse>>((await IssueChallenge.HandleAsync(Request("""{"lifetime_seconds":10}"""), Nonces, _options, CancellationToken.None)).Result);
        Assert.InRange(shorter.Value!.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(11));

        foreach (var (body, field) in new[] { ("""{"lifetime_seconds":0}""", "lifetime_seconds"), ("""{"lifetime_seconds":"1"}""", "lifetime_seconds"), ("""{"x":1}""", "body"), ("[]", "body"), ("{", "body") })
        {
            var refused = Problem((await IssueChallenge.HandleAsync(Request(body), Nonces, _options, CancellationToken.None)).Result);
            Assert.Equal((400, field), (refused.StatusCode, refused.Field));
        }
        var untyped = Problem((await IssueChallenge.HandleAsync(Request("hi", null), Nonces, _options, CancellationToken.None)).Result);
        Assert.Equal((415, "content-type"), (untyped.StatusCode, untyped.Field));
    }

    [Theory]
    [InlineData("""{"circuit_id":"solvency","inputs":{}""", 400, "body")]
    [InlineData("""[1,2]""", 400, "body")]
    [InlineData("""{"circuit_id":"solvency","inputs":{},"extra":1}""", 400, "extra")]
    [InlineData("""{"circuit_id":"solvency","inputs":{},"nonce":"1"}""", 400, "credential_id")]
    [InlineData("""{"circuit_id":"selective-disclosure","inputs":{},"credential_id":"x"}""", 400, "inputs")]
    [InlineData("""{"inputs":{}}""", 400, "circuit_id")]
    [InlineData("""{"circuit_id":"sol\u0001vency","inputs":{}}""", 400, "circuit_id")]
    [InlineData("""{"circuit_id":"nope","inputs":{}}""", 404, "circuit_id")]
    public async Task GenerateProof_refuses_a_request_before_any_work(string body, int status, string field)
    {
        var catalog = EmptyCatalog();
        using var workers = Workers(catalog);
        var refused = Problem((await GenerateProof.HandleAsync(Request(body), await GenerateServicesAsync(workers, catalog, _store, _options), CancellationToken.None)).Result);
        Assert.Equal((status, field), (refused.StatusCode, refused.Field));
        Assert.Null(refused.RetryAfterSeconds);
    }

    [Fact]
    public async Task GenerateProof_on_a_stopping_instance_asks_to_resubmit_elsewhere()
    {
        var catalog = EmptyCatalog();
        using var workers = Workers(catalog);
        workers.BeginDrain();
        var refused = Problem((await GenerateProof.HandleAsync(Request("""{"circuit_id":"solvency","inputs":{}}"""), await GenerateServicesAsync(workers, catalog, _store, _options), CancellationToken.None)).Result);
        Assert.Equal((503, "request", 5), (refused.StatusCode, refused.Field, refused.RetryAfterSeconds));
        Assert.Equal("Service stopping", refused.ProblemDetails.Title);
    }

    [Fact]
    public async Task VerifyProof_refuses_unknown_and_unfinished_proofs_and_unknown_circuits()
    {
        var catalog = EmptyCatalog();
        var queued = Record(ProofStatus.Running);
        await _store.AddAsync(queued, CancellationToken.None);
        async Task<FieldProblem> Verify(string body) =>
            Problem((await VerifyProof.HandleAsync(Request(body), await VerifyServicesAsync(catalog), CancellationToken.None)).Result);

        var unfinished = await Verify($$"""{"proof_id":"{{queued.Id}}"}""");
        Assert.Equal((409, "proof_id"), (unfinished.StatusCode, unfinished.Field));
        var unknown = await Verify($$"""{"proof_id":"{{Guid.NewGuid()}}"}""");
        Assert.Equal((404, "proof_id"), (unknown.StatusCode, unknown.Field));
        var both = await Verify("{\"proof_id\":\"" + queued.Id + "\",\"proof\":{}}");
        Assert.Equal((400, "proof_id"), (both.StatusCode, both.Field));
        var circuit = await Verify("""{"circuit_id":"nope","proof":{},"public_signals":[]}""");
        Assert.Equal((404, "circuit_id"), (circuit.StatusCode, circuit.Field));
        var noSignals = await Verify("""{"circuit_id":"nope","proof":{}}""");
        Assert.Equal((400, "public_signals"), (noSignals.StatusCode, noSignals.Field));
        var malformed = await Verify("""{"proof_id":""");
        Assert.Equal((400, "body"), (malformed.StatusCode, malformed.Field));
        Assert.Contains("line 1", malformed.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Empty(await _store.VerificationsOfAsync(queued.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_problem_with_a_retry_after_sets_the_header_and_writes_the_field()
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await ProofProblems.OutOfService("circuit 'x' is out of service").ExecuteAsync(context);
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("3600", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        Assert.Contains("\"field\":\"circuit_id\"", new StreamReader(context.Response.Body).ReadToEnd(), StringComparison.Ordinal);
    }

    /// <summary>A host without proof-system plugins (no circuit reaches an input check here).</summary>
}
