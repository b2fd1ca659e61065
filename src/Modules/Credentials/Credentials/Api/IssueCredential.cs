using System.Text.Json;
using CredentialHub.Credentials.Issuing;
using CredentialHub.Security.Contracts;
using CredentialHub.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace CredentialHub.Credentials.Api;

/// <summary><c>POST /credentials</c>: issues a credential signed by the active issuer key; answers it in the W3C VC 2.0 shape.</summary>
internal static class IssueCredential
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("", HandleAsync)
            .WithName("IssueCredential")
            .RequireAuthorization(Scopes.CredentialsIssue)
            .WithSummary("Issues a credential: typed attributes (string, integer, date, boolean) signed by the issuer key with EdDSA-Poseidon; values stored encrypted. Answers the credential in the W3C VC 2.0 shape.")
            .Accepts<IssueRequest>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    public static async Task<Results<Created<JsonObject>, FieldProblem>> HandleAsync(HttpContext context, CredentialIssuer issuer, IssuerKeyring keyring, IOptions<CredentialsModuleOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonRequestBody.ReadAsync(context.Request, options.Value.MaxRequestBytes, cancellationToken);
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
}
