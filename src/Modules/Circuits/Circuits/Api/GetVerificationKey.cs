using CredentialHub.Circuits.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Circuits.Api;

/// <summary><c>GET /circuits/{id}/verification_key</c>: the circuit's verification key as snarkjs reads it.</summary>
internal static class GetVerificationKey
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/{id}/verification_key", HandleAsync)
            .WithName("GetVerificationKey")
            .WithSummary("The circuit's verification key, as snarkjs reads it (snarkjs groth16 verify).")
            .Produces<System.Text.Json.JsonElement>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<ContentHttpResult, FieldProblem>> HandleAsync(string id, ICircuitCatalog catalog, CancellationToken cancellationToken)
    {
        if (RequestText.CheckIdentifier(id, "id") is { } invalid)
        {
            return invalid;
        }
        if (await catalog.FindAsync(id, cancellationToken) is null)
        {
            return CircuitProblems.NotFound(id);
        }
        var circuit = await catalog.LoadAsync(id, cancellationToken);
        return TypedResults.Text(circuit.VerificationKeyJson, "application/json");
    }
}
