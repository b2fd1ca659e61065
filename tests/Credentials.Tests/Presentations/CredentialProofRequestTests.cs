using System.Security.Cryptography;
using System.Text.Json;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Credentials.Issuing;
using CredentialHub.Credentials.Presentations;
using CredentialHub.Credentials.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CredentialHub.Credentials.Tests.Presentations;

/// <summary>
/// <see cref="ICredentialProofs.BuildInputAsync"/> takes a typed request and answers a typed result: every refusal names
/// its reason and field, none is an exception or an HTTP status.
/// </summary>
public sealed class CredentialProofRequestTests
{
    private static async Task<(CredentialProofs Proofs, string Id)> IssueAsync()
    {
        var store = new InMemoryCredentialStore();
        var secrets = new CredentialsSecrets(RandomNumberGenerator.GetBytes(32));
        var keyring = new IssuerKeyring(store, secrets, TimeProvider.System, NullLogger<IssuerKeyring>.Instance);
        await keyring.LoadAsync(CancellationToken.None);
        var issuer = new CredentialIssuer(store, keyring, secrets, TimeProvider.System);
        using var request = JsonDocument.Parse("""{"subject":"s","type":"Pass","attributes":[{"name":"level","type":"integer","value":3},{"name":"name","type":"string","value":"Eve"}]}""");
        var (stored, _) = await issuer.IssueAsync(request.RootElement, CancellationToken.None);
        return (new CredentialProofs(store, issuer, keyring, Options.Create(new CredentialsModuleOptions()), TimeProvider.System), stored.Id.ToString("D"));
    }

    private static CredentialProofRequest Request(string id, RequestList<string>? reveal = null, RequestList<CredentialPredicate>? predicates = null, string? nonce = "1", string circuit = "selective-disclosure") =>
        new(circuit, id, reveal, predicates, nonce);

    [Fact]
    public async Task Each_part_of_the_request_is_refused_with_its_reason_and_field()
    {
        var (proofs, id) = await IssueAsync();
        using var two = JsonDocument.Parse("2");
        var atLeastTwo = new CredentialPredicate("level", ">=", two.RootElement);
        var cases = new (CredentialProofRequest Request, CredentialRefusalReason Reason, string Field)[]
        {
            (Request(id, circuit: "solvency"), CredentialRefusalReason.NotACredentialCircuit, "circuit_id"),
            (Request(null!), CredentialRefusalReason.InvalidCredentialId, "credential_id"),
            (Request("not-a-uuid"), CredentialRefusalReason.InvalidCredentialId, "credential_id"),
            (Request(Guid.NewGuid().ToString("D")), CredentialRefusalReason.UnknownCredential, "credential_id"),
            (Request(id, RequestList<string>.NotAnArray), CredentialRefusalReason.InvalidRequest, "reveal_attributes"),
            (Request(id, new RequestList<string>([.. Enumerable.Repeat("level", 16)])), CredentialRefusalReason.InvalidRequest, "reveal_attributes"),
            (Request(id, new RequestList<string>(["name", null])), CredentialRefusalReason.InvalidRequest, "reveal_attributes[1]"),
            (Request(id, predicates: RequestList<CredentialPredicate>.NotAnArray), CredentialRefusalReason.InvalidRequest, "predicates"),
            (Request(id, predicates: new RequestList<CredentialPredicate>([atLeastTwo, atLeastTwo, atLeastTwo])), CredentialRefusalReason.InvalidRequest, "predicates"),
            (Request(id, predicates: new RequestList<CredentialPredicate>([atLeastTwo, null])), CredentialRefusalReason.InvalidRequest, "predicates[1]"),
            (Request(id, predicates: new RequestList<CredentialPredicate>([new CredentialPredicate("name", ">=", two.RootElement)])), CredentialRefusalReason.InvalidRequest, "predicates[0].attribute"),
            (Request(id, predicates: new RequestList<CredentialPredicate>([new CredentialPredicate("level", null, two.RootElement)])), CredentialRefusalReason.InvalidRequest, "predicates[0].op"),
            (Request(id, predicates: new RequestList<CredentialPredicate>([new CredentialPredicate("level", "<=", null)])), CredentialRefusalReason.InvalidRequest, "predicates[0].value"),
            (Request(id, predicates: new RequestList<CredentialPredicate>([new CredentialPredicate("level", "<=", two.RootElement, "extra")])), CredentialRefusalReason.InvalidRequest, "predicates[0].extra"),
            (Request(id, predicates: new RequestList<CredentialPredicate>([new CredentialPredicate("level", "<=", two.RootElement)])), CredentialRefusalReason.PredicateDoesNotHold, "predicates[0]"),
            (Request(id, nonce: null), CredentialRefusalReason.InvalidRequest, "nonce"),
            (Request(id, nonce: "21888242871839275222246405745257275088548364400416034343698204186575808495617"), CredentialRefusalReason.InvalidRequest, "nonce"),
        };
        foreach (var (request, reason, field) in cases)
        {
            var result = await proofs.BuildInputAsync(request, CancellationToken.None);
            Assert.Null(result.Input);
            Assert.Equal((reason, field), (result.Refusal!.Reason, result.Refusal.Field));
            Assert.DoesNotContain("Eve", result.Refusal.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_request_that_holds_builds_the_input()
    {
        var (proofs, id) = await IssueAsync();
        using var two = JsonDocument.Parse("2");
        var result = await proofs.BuildInputAsync(Request(id, new RequestList<string>(["name"]), new RequestList<CredentialPredicate>([new CredentialPredicate("level", ">=", two.RootElement)])), CancellationToken.None);
        Assert.Null(result.Refusal);
        Assert.Contains(result.Input!.Inputs, s => s.Name == "nonce" && s.Values.SequenceEqual([System.Numerics.BigInteger.One]));
        Assert.Equal("Pass", result.Input.Presentation["schema"]!["type"]!.GetValue<string>());
    }
}
