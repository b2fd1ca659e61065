using CredentialHub.Circuits.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Circuits.Api;

/// <summary><c>GET /circuits/{id}</c>: one circuit, its inputs, public signals, checksums and service status.</summary>
internal static class GetCircuit
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/{id}", HandleAsync)
            .WithName("GetCircuit")
            .WithSummary("One circuit: what it proves, its inputs, its public signals, the SHA-256 of its artifacts, whether it is in service (out of service: a faulty proving key, with the reason) and where its proving key comes from (ceremony: for a production circuit the powers-of-tau file and the contributions it was checked against; a development circuit says it has none).")
            .ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<Ok<CircuitResponse>, FieldProblem>> HandleAsync(string id, ICircuitCatalog catalog, CancellationToken cancellationToken)
    {
        if (RequestText.CheckIdentifier(id, "id") is { } invalid)
        {
            return invalid;
        }
        return await catalog.FindAsync(id, cancellationToken) is { } circuit
            ? TypedResults.Ok(CircuitResponse.From(circuit, catalog.FindOutage(circuit.Id)))
            : CircuitProblems.NotFound(id);
    }
}
