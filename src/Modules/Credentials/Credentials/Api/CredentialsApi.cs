using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Credentials.Api;

/// <summary>
/// The /credentials endpoints, one feature per file: <see cref="IssueCredential"/>, <see cref="ListIssuerKeys"/>,
/// <see cref="GetCredential"/> and <see cref="RevokeCredential"/>.
/// </summary>
internal static class CredentialsApi
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/credentials").WithTags("Credentials");
        IssueCredential.Map(group);
        ListIssuerKeys.Map(group);
        GetCredential.Map(group);
        RevokeCredential.Map(group);
        group.ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }
}
