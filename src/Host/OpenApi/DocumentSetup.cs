using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredentialHub.Host.OpenApi;

/// <summary>
/// The document's title, description and tags, and the schemas of <see cref="ApiSchemas"/>. Its one server is "/": the document is read from the
/// service it describes, so its operations are relative to where it was served from (behind a proxy as well as directly).
/// </summary>
internal sealed class DocumentSetup : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Proofs"] = "Making and verifying Groth16 proofs, stored proof jobs, and the one-time nonces of credential presentations.",
        ["Circuits"] = "The circuits the service proves and verifies, their verification keys, and registering new ones.",
        ["Credentials"] = "Issuing, reading and revoking credentials, and the issuer's public keys.",
        ["Monitoring"] = "Health, Prometheus metrics and statistics.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CredentialHub",
            Version = ApiDocumentation.DocumentName,
            Description = "Groth16 proofs over BN254 for circom circuits, compatible with snarkjs. Errors are RFC 7807 problem documents whose `field` names the JSON path at fault. " +
                "Authorize with an API key (`X-API-Key`) or a bearer token; each operation lists the scopes it needs.",
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "This service: where the document was served from." }];
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && Tags.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var (name, schema) in ApiSchemas.All(document))
        {
            document.Components.Schemas[name] = schema;
        }
        return Task.CompletedTask;
    }
}
