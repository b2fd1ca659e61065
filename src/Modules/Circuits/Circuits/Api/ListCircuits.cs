using CredentialHub.Circuits.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Circuits.Api;

/// <summary><c>GET /circuits</c>: every circuit in the catalog, with whether it is in service.</summary>
internal static class ListCircuits
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/", HandleAsync)
            .WithName("ListCircuits")
            .WithSummary("Every circuit this service proves and verifies.");

    public static async Task<Ok<CircuitListResponse>> HandleAsync(ICircuitCatalog catalog, CancellationToken cancellationToken)
    {
        var circuits = await catalog.ListAsync(cancellationToken);
        return TypedResults.Ok(new CircuitListResponse([.. circuits.Select(c => CircuitResponse.From(c, catalog.FindOutage(c.Id)))]));
    }
}
