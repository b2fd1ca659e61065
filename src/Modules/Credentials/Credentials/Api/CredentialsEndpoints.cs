using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Credentials.Contracts;
using CredentialHub.Credentials.Issuing;
using CredentialHub.Credentials.Storage;
using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using CredentialHub.Web;

namespace CredentialHub.Credentials.Api;

/// <summary><c>POST /credentials</c>, <c>GET /credentials/{id}</c>, <c>DELETE /credentials/{id}</c> and <c>GET /credentials/issuer-keys</c>.</summary>
internal static class CredentialsEndpoints
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/credentials").WithTags("Credentials");
        group.MapPost("", IssueAsync)
            .WithName("IssueCredential")
            .WithMetadata(new RequiredScope(Scopes.CredentialsIssue))
            .WithSummary("Issues a credential: typed attributes (string, integer, date, boolean) signed by the issuer key with EdDSA-Poseidon; values stored encrypted. Answers the credential in the W3C VC 2.0 shape.")
            .Accepts<IssueRequest>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/issuer-keys", ListKeys)
            .WithName("ListIssuerKeys")
            .WithSummary("The issuer's public keys: the one signing now and every earlier one (all trusted when verifying).")
            .Produces<IssuerKeysResponse>(StatusCodes.Status200OK);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetCredential")
            .WithMetadata(new RequiredScope(Scopes.CredentialsIssue, Scopes.CredentialsRead, Scopes.Prove))
            .WithSummary("A credential in the W3C VC 2.0 shape; the subject and attribute values only for a caller holding the credentials:read scope.")
            .Produces<JsonObject>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", RevokeAsync)
            .WithName("RevokeCredential")
            .WithMetadata(new RequiredScope(Scopes.CredentialsIssue))
            .WithSummary("Revokes a credential: it can no longer be proved. Revoking twice keeps the first revocation time.")
            .Produces<JsonObject>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, CredentialIssuer issuer, IssuerKeyring keyring, CredentialsModuleOptions options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync(context.Request, options.MaxRequestBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.AsMemory(), DocumentOptions);
            }
            catch (JsonException)
            {
                // The parser's message may quote the body, which holds attribute values: say only that.
                return ProblemResults.Of(StatusCodes.Status400BadRequest, "Malformed JSON", "the body is not a well-formed JSON document", "body");
            }
            using (document)
            {
                var (stored, content) = await issuer.IssueAsync(document.RootElement, cancellationToken);
                bool plaintext = Scopes.Has(context.User, Scopes.CredentialsRead);
                var vc = VerifiableCredential.Render(stored, keyring.Active, plaintext ? content : null);
                return TypedResults.Created($"/credentials/{stored.Id:D}", vc);
            }
        }
        catch (CredentialRefusalException e)
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid credential", e.Message, e.Refusal.Field);
        }
        finally
        {
            Array.Clear(body!);
        }
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, ICredentialStore store, CredentialIssuer issuer, IssuerKeyring keyring, CancellationToken cancellationToken)
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

    private static async Task<IResult> RevokeAsync(string id, ICredentialStore store, IssuerKeyring keyring, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var credentialId))
        {
            return ProblemResults.Of(StatusCodes.Status400BadRequest, "Invalid id", "a credential id is a UUID", "id");
        }
        var revoked = await store.RevokeAsync(credentialId, clock.GetUtcNow(), cancellationToken);
        return revoked is null
            ? ProblemResults.Of(StatusCodes.Status404NotFound, "Unknown credential", $"there is no credential {credentialId}", "id")
            : TypedResults.Ok(VerifiableCredential.Render(revoked, await keyring.FindAsync(revoked.IssuerKeyId, cancellationToken), null));
    }

    private static IResult ListKeys(IssuerKeyring keyring) =>
        TypedResults.Ok(new IssuerKeysResponse([.. keyring.Keys.Select(k => new IssuerKeyResponse(k.Id, k.X, k.Y, k.CreatedAt, k.RetiredAt, k.Id == keyring.Active.Id))]));

    /// <summary>The body of an issue request (documentation only: the endpoint reads the body itself to keep attribute values out of shared buffers).</summary>
    internal sealed record IssueRequest(string Subject, string Type, string? ExpiresAt, IReadOnlyList<AttributeRequest> Attributes);

    /// <summary>One attribute: a name, a declared type (string, integer, date, boolean) and a value of that type.</summary>
    internal sealed record AttributeRequest(string Name, string Type, JsonElement Value);

    internal sealed record IssuerKeysResponse(IReadOnlyList<IssuerKeyResponse> Keys);

    internal sealed record IssuerKeyResponse(Guid KeyId, string X, string Y, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt, bool Active);
}
