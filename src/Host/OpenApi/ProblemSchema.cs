using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredentialHub.Host.OpenApi;

/// <summary>The problem document's schema with the member every problem of this service carries: <c>field</c>, the part of the request at fault.</summary>
internal sealed class ProblemSchema : IOpenApiSchemaTransformer
{
    /// <summary>The component the framework names the problem document's schema.</summary>
    public const string ComponentName = nameof(ProblemDetails);

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type == typeof(ProblemDetails))
        {
            schema.Description = "An RFC 7807 problem document.";
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            schema.Properties["field"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The part of the request at fault: a JSON path into the body (inputs.assets[3], proof.pi_a[0]), a parameter (id), or body, content-type, authorization, path, method, database.",
            };
        }
        return Task.CompletedTask;
    }
}
