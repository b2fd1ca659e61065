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

/// <summary>
/// <c>DELETE /credentials/{id}</c>: revokes a credential (revoking twice keeps the first time) and answers it as
/// <c>GET /credentials/{id}</c> would: its values only to a caller holding credentials:read.
/// </summary>
internal static class RevokeCredential
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapDelete("/{id}", HandleAsync)
            .WithName("RevokeCredential")
            .RequireAuthorization(Scopes.CredentialsIssue)
            .WithSummary("Revokes a credential: it can no longer be proved. Revoking twice keeps the first revocation time.")
            .Produces<JsonObject>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<JsonObject>, FieldProblem>> HandleAsync(string id, HttpContext context, ICredentialStore store, CredentialIssuer issuer, IssuerKeyring keyring, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var credentialId))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid id", "a credential id is a UUID", "id");
        }
        var revoked = await store.RevokeAsync(credentialId, clock.GetUtcNow(), cancellationToken);
        if (revoked is null)
        {
            return ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown credential", $"there is no credential {credentialId}", "id");
        }
        // The revoked credential as GET shows it: with its values to a caller holding credentials:read, without them otherwise.
        var content = Scopes.Has(context.User, Scopes.CredentialsRead) ? issuer.Open(revoked) : null;
        return TypedResults.Ok(VerifiableCredential.Render(revoked, await keyring.FindAsync(revoked.IssuerKeyId, cancellationToken), content));
    }
}
