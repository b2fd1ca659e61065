using System.Text.Json.Serialization;

namespace CredentialHub.Host.OpenApi;

/// <summary>
/// The OpenAPI document (Microsoft.AspNetCore.OpenApi), served at <see cref="DocumentPath"/>, and Swagger UI at
/// /swagger reading it. The framework describes the endpoints from their metadata; the transformers add what it cannot
/// know: the security schemes and each operation's scopes (<see cref="OperationSecurity"/>), the schemas of the JSON the
/// endpoints pass through as it is (<see cref="ApiSchemas"/>, <see cref="BodySchemas"/>, <see cref="OperationBodies"/>),
/// the problem documents' <c>field</c> (<see cref="ProblemSchema"/>) and an example for every request and main response
/// (<see cref="OperationExamples"/>).
/// </summary>
internal static class ApiDocumentation
{
    public const string DocumentName = "v1";

    /// <summary>Where the document is served: the address Swagger UI, the README and the tests use.</summary>
    public const string DocumentPath = "/swagger/{documentName}/swagger.json";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        // The endpoints read their bodies themselves and take numbers only as JSON numbers; the writer writes numbers
        // as numbers either way. Strict reading makes the document say so (else every number is "integer or string").
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddSchemaTransformer<ProblemSchema>();
            options.AddOperationTransformer<OperationSecurity>();
            options.AddOperationTransformer<OperationBodies>();
            options.AddOperationTransformer<OperationExamples>();
            options.AddDocumentTransformer<OperationSecurity>();
            options.AddDocumentTransformer<DocumentSetup>();
            options.AddDocumentTransformer<BodySchemas>();
        });
        return services;
    }

    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath);
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint(DocumentPath.Replace("{documentName}", DocumentName, StringComparison.Ordinal), $"CredentialHub {DocumentName}");
            options.RoutePrefix = "swagger";
        });
        return app;
    }
}
