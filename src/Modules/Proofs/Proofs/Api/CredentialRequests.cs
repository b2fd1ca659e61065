using System.Text.Json;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Http;

namespace CredentialHub.Proofs.Api;

/// <summary>
/// The credential part of a generate request read into the Credentials module's typed request, and its refusals
/// answered as problem documents. Reading takes each member as the JSON type it should have and leaves anything else
/// null, without judging it: the Credentials module checks the request and names the first thing wrong, in its order.
/// </summary>
internal static class CredentialRequests
{
    /// <summary>The typed request of a body naming <c>credential_id</c> (valid while <paramref name="body"/>'s document is).</summary>
    public static CredentialProofRequest Read(string circuitId, JsonElement body) => new(
        circuitId,
        Text(body, "credential_id"),
        List(body, "reveal_attributes", static item => item.ValueKind == JsonValueKind.String ? item.GetString() : null),
        List(body, "predicates", Predicate),
        Text(body, "nonce"));

    /// <summary>The problem for a refusal: its status and title by reason, the field and message as the module gave them.</summary>
    public static FieldProblem Problem(CredentialRefusal refusal)
    {
        var (status, title) = refusal.Reason switch
        {
            CredentialRefusalReason.NotACredentialCircuit => (StatusCodes.Status400BadRequest, "Not a credential circuit"),
            CredentialRefusalReason.InvalidCredentialId => (StatusCodes.Status400BadRequest, "Invalid request"),
            CredentialRefusalReason.UnknownCredential => (StatusCodes.Status404NotFound, "Unknown credential"),
            CredentialRefusalReason.Revoked => (StatusCodes.Status410Gone, "Credential revoked"),
            CredentialRefusalReason.Expired => (StatusCodes.Status422UnprocessableEntity, "Credential expired"),
            CredentialRefusalReason.PredicateDoesNotHold => (StatusCodes.Status422UnprocessableEntity, "Predicate does not hold"),
            _ => (StatusCodes.Status400BadRequest, "Invalid credential proof request"),
        };
        return ProblemResults.Of(status, title, refusal.Message, refusal.Field);
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static RequestList<T>? List<T>(JsonElement body, string name, Func<JsonElement, T?> item) where T : class
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Array ? new RequestList<T>([.. value.EnumerateArray().Select(item)]) : RequestList<T>.NotAnArray;
    }

    private static CredentialPredicate? Predicate(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        string? unknown = item.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("attribute" or "op" or "value"));
        return new CredentialPredicate(
            Text(item, "attribute"),
            Text(item, "op"),
            item.TryGetProperty("value", out var value) ? value : null,
            unknown);
    }
}
