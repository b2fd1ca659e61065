using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Circuits.Api;

/// <summary>
/// The /circuits endpoints, one feature per file: <see cref="ListCircuits"/>, <see cref="GetCircuit"/>,
/// <see cref="GetVerificationKey"/> and <see cref="RegisterCircuit"/>.
/// </summary>
internal static class CircuitsApi
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app, long maxUploadBytes)
    {
        var group = app.MapGroup("/circuits").WithTags("Circuits");
        ListCircuits.Map(group);
        GetCircuit.Map(group);
        GetVerificationKey.Map(group);
        RegisterCircuit.Map(group, maxUploadBytes);
        group.ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }
}
