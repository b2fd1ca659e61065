using CredentialHub.Credentials.Issuing;
using CredentialHub.Credentials.Storage;
using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using System.Text.Json.Nodes;

namespace CredentialHub.Credentials.Api;

/// <summary><c>GET /credentials/{id}</c>: a credential; its subject and values only for a caller holding credentials:read.</summary>
internal static class GetCredential
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/{id}", HandleAsync)
            .WithName("GetCredential")
            .RequireAuthorization(Scopes.AnyOf(Scopes.CredentialsIssue, Scopes.CredentialsRead, Scopes.Prove))
            .WithSummary("A credential in the W3C VC 2.0 shape; the subject and attribute values only for a caller holding the credentials:read scope.")
            .Produces<JsonObject>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<JsonObject>, FieldProblem>> HandleAsync(string id, HttpContext context, ICredentialStore store, CredentialIssuer issuer, IssuerKeyring keyring, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var credentialId))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid id", "a credential id is a UUID", "id");
        }
        var credential = await store.FindAsync(credentialId, cancellationToken);
        if (credential is null)
        {
            return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown credential", $"there is no credential {credentialId}", "id");
        }
        var content = Scopes.Has(context.User, Scopes.CredentialsRead) ? issuer.Open(credential) : null;
        return TypedResults.Ok(VerifiableCredential.Render(credential, await keyring.FindAsync(credential.IssuerKeyId, cancellationToken), content));
    }
}
