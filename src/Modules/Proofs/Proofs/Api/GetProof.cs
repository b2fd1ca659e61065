using CredentialHub.Proofs.Storage;
using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Proofs.Api;

/// <summary><c>GET /proofs/{id}</c>: a proof job, its status, and the proof once made.</summary>
internal static class GetProof
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/{id}", HandleAsync)
            .WithName("GetProof")
            .RequireAuthorization(Scopes.AnyOf(Scopes.Prove, Scopes.Verify))
            .WithSummary("A proof job: its status, and the proof and public signals once made.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<ProofResponse>, FieldProblem>> HandleAsync(string id, IProofStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var proofId))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid id", "a proof id is a UUID such as 3f2b…-…", "id");
        }
        return await store.FindAsync(proofId, cancellationToken) is { } record
            ? TypedResults.Ok(ProofResponse.From(record))
            : ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown proof", $"there is no proof {proofId}", "id");
    }
}
