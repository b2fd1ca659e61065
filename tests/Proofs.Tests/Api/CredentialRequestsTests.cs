using System.Text.Json;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Proofs.Api;
using CredentialHub.Proofs.Tests.Presentations;

namespace CredentialHub.Proofs.Tests.Api;

/// <summary>
/// The credential part of POST /proofs/generate: read into the Credentials module's typed request without judging it,
/// checked by the real Credentials module (in memory), and its typed refusals answered as problem documents.
/// </summary>
public sealed class CredentialRequestsTests
{
    private static CredentialProofRequest Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var request = CredentialRequests.Read("selective-disclosure", document.RootElement.Clone());
        return request;
    }

    [Fact]
    public void Members_are_read_as_their_types_and_anything_else_is_left_null()
    {
        var request = Read("""
            {"circuit_id":"selective-disclosure","credential_id":"abc","reveal_attributes":["name",7,"score"],
             "predicates":[{"attribute":"score","op":">=","value":600},3,{"attribute":1,"value":null,"x":1,"y":2}],"nonce":"99"}
            """);
        Assert.Equal(("selective-disclosure", "abc", "99"), (request.CircuitId, request.CredentialId, request.Nonce));
        Assert.Equal(["name", null, "score"], request.RevealAttributes!.Items!);
        var predicates = request.Predicates!.Items!;
        Assert.Equal(3, predicates.Count);
        Assert.Equal(("score", ">=", null), (predicates[0]!.Attribute, predicates[0]!.Op, predicates[0]!.UnknownMember));
        Assert.Equal(600, predicates[0]!.Value!.Value.GetInt32());
        Assert.Null(predicates[1]);
        Assert.Equal((null, null, "x", JsonValueKind.Null), (predicates[2]!.Attribute, predicates[2]!.Op, predicates[2]!.UnknownMember, predicates[2]!.Value!.Value.ValueKind));

        var absent = Read("""{"credential_id":5,"reveal_attributes":"name","predicates":{}}""");
        Assert.Null(absent.CredentialId);
        Assert.Null(absent.Nonce);
        Assert.Null(absent.RevealAttributes!.Items);
        Assert.Null(absent.Predicates!.Items);
        var none = Read("""{"credential_id":"x"}""");
        Assert.Null(none.RevealAttributes);
        Assert.Null(none.Predicates);
    }

    [Theory]
    [InlineData(CredentialRefusalReason.NotACredentialCircuit, 400, "Not a credential circuit")]
    [InlineData(CredentialRefusalReason.InvalidCredentialId, 400, "Invalid request")]
    [InlineData(CredentialRefusalReason.InvalidRequest, 400, "Invalid credential proof request")]
    [InlineData(CredentialRefusalReason.UnknownCredential, 404, "Unknown credential")]
    [InlineData(CredentialRefusalReason.Revoked, 410, "Credential revoked")]
    [InlineData(CredentialRefusalReason.Expired, 422, "Credential expired")]
    [InlineData(CredentialRefusalReason.PredicateDoesNotHold, 422, "Predicate does not hold")]
    public void A_refusal_is_answered_with_its_status_and_title_and_names_the_field(CredentialRefusalReason reason, int status, string title)
    {
        var problem = CredentialRequests.Problem(new CredentialRefusal(reason, "predicates[1].value", "what is wrong"));
        Assert.Equal((status, title, "what is wrong", "predicates[1].value"), (problem.StatusCode, problem.ProblemDetails.Title, problem.ProblemDetails.Detail, problem.Field));
        Assert.Null(problem.RetryAfterSeconds);
    }

    [Theory]
    [InlineData("""{"credential_id":"00000000-0000-0000-0000-000000000000","reveal_attributes":3,"nonce":"x"}""", CredentialRefusalReason.UnknownCredential, "credential_id")]
    [InlineData("""{"credential_id":7,"reveal_attributes":3}""", CredentialRefusalReason.InvalidCredentialId, "credential_id")]
    [InlineData("""{"credential_id":"{id}","reveal_attributes":["eye",1],"nonce":"x"}""", CredentialRefusalReason.InvalidRequest, "reveal_attributes[0]")]
    [InlineData("""{"credential_id":"{id}","reveal_attributes":["name",1],"nonce":"x"}""", CredentialRefusalReason.InvalidRequest, "reveal_attributes[1]")]
    [InlineData("""{"credential_id":"{id}","reveal_attributes":"name"}""", CredentialRefusalReason.InvalidRequest, "reveal_attributes")]
    [InlineData("""{"credential_id":"{id}","predicates":[{"attribute":"height","op":"==","x":1}]}""", CredentialRefusalReason.InvalidRequest, "predicates[0].x")]
    [InlineData("""{"credential_id":"{id}","predicates":[{"attribute":"height","op":"=="}]}""", CredentialRefusalReason.InvalidRequest, "predicates[0].attribute")]
    [InlineData("""{"credential_id":"{id}","predicates":[{"attribute":"score","op":"=="}]}""", CredentialRefusalReason.InvalidRequest, "predicates[0].op")]
    [InlineData("""{"credential_id":"{id}","predicates":[{"attribute":"score","op":">="}]}""", CredentialRefusalReason.InvalidRequest, "predicates[0].value")]
    [InlineData("""{"credential_id":"{id}","predicates":[{"attribute":"score","op":">=","value":700}],"nonce":"x"}""", CredentialRefusalReason.PredicateDoesNotHold, "predicates[0]")]
    [InlineData("""{"credential_id":"{id}","predicates":[7]}""", CredentialRefusalReason.InvalidRequest, "predicates[0]")]
    [InlineData("""{"credential_id":"{id}","nonce":7}""", CredentialRefusalReason.InvalidRequest, "nonce")]
    [InlineData("""{"credential_id":"{id}","nonce":"007"}""", CredentialRefusalReason.InvalidRequest, "nonce")]
    public async Task The_first_problem_in_the_modules_order_is_the_one_named(string json, CredentialRefusalReason reason, string field)
    {
        await using var credentials = await CredentialServices.StartAsync();
        var credential = await credentials.IssueAsync();
        using var document = JsonDocument.Parse(json.Replace("{id}", credential.Id.ToString("D"), StringComparison.Ordinal));
        var result = await credentials.Proofs.BuildInputAsync(CredentialRequests.Read("selective-disclosure", document.RootElement), CancellationToken.None);
        Assert.Null(result.Input);
        Assert.Equal((reason, field), (result.Refusal!.Reason, result.Refusal.Field));
    }

    [Fact]
    public async Task A_well_formed_request_builds_the_input_and_its_presentation()
    {
        await using var credentials = await CredentialServices.StartAsync();
        var credential = await credentials.IssueAsync();
        using var document = JsonDocument.Parse($$"""{"credential_id":"{{credential.Id}}","reveal_attributes":["score"],"predicates":[{"attribute":"birth_date","op":"age_at_least","value":18}],"nonce":"5"}""");
        var result = await credentials.Proofs.BuildInputAsync(CredentialRequests.Read("selective-disclosure", document.RootElement), CancellationToken.None);
        Assert.Null(result.Refusal);
        Assert.Equal("Membership", result.Input!.Presentation["schema"]!["type"]!.GetValue<string>());
        var inputs = result.Input.Inputs.ToDictionary(s => s.Name);
        Assert.Equal([5], inputs["nonce"].Values);
        Assert.Equal(1, inputs["reveal_mask"].Values[2]);
        Assert.Equal([16], inputs["reveal_mask"].Shape!);
        Assert.Empty(inputs["now"].Shape!);
    }
}
