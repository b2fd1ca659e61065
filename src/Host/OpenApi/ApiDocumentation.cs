using Microsoft.OpenApi;

namespace CredentialHub.Host.OpenApi;

/// <summary>The OpenAPI document and Swagger UI at /swagger, with an example for every request and main response.</summary>
internal static class ApiDocumentation
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CredentialHub",
                Version = "v1",
                Description = "Groth16 proofs over BN254 for circom circuits, compatible with snarkjs. Errors are RFC 7807 problem documents whose `field` names the JSON path at fault.",
            });
            options.OperationFilter<ExamplesFilter>();
            // JSON kept as text (a stored proof, its public signals) is any JSON value, as a JsonElement is.
            options.MapType<CredentialHub.Web.JsonText>(() => new OpenApiSchema());
        });
        return services;
    }

    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "CredentialHub v1");
            options.RoutePrefix = "swagger";
        });
        return app;
    }
}
