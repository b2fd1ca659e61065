using CredentialHub.Credentials.Issuing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CredentialHub.Credentials.Api;

/// <summary><c>GET /credentials/issuer-keys</c>: the issuer's public keys, the active one and every earlier one.</summary>
internal static class ListIssuerKeys
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/issuer-keys", Handle)
            .WithName("ListIssuerKeys")
            .WithSummary("The issuer's public keys: the one signing now and every earlier one (all trusted when verifying).");

    public static Ok<IssuerKeysResponse> Handle(IssuerKeyring keyring) =>
        TypedResults.Ok(new IssuerKeysResponse([.. keyring.Keys.Select(k => new IssuerKeyResponse(k.Id, k.X, k.Y, k.CreatedAt, k.RetiredAt, k.Id == keyring.Active.Id))]));
}
