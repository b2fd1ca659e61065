using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Proofs.Api;

/// <summary>
/// The /proofs endpoints, one feature per file: <see cref="GenerateProof"/>, <see cref="VerifyProof"/>,
/// <see cref="IssueChallenge"/> and <see cref="GetProof"/>.
/// </summary>
internal static class ProofsApi
{
    /// <summary>How the endpoints parse a JSON body: nesting beyond what any request of theirs holds is refused.</summary>
    internal static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/proofs").WithTags("Proofs");
        GenerateProof.Map(group);
        VerifyProof.Map(group);
        IssueChallenge.Map(group);
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status429TooManyRequests);
        GetProof.Map(group);
        return app;
    }
}
