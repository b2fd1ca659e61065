using CredentialHub.Security.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredentialHub.Host.OpenApi;

/// <summary>
/// Each operation's security requirements, read from the endpoint's own authorization metadata: the scopes its
/// authorization policy requires (<see cref="IAuthorizeData"/>, resolved through the <see cref="IAuthorizationPolicyProvider"/>;
/// a scope is a <see cref="ClaimsAuthorizationRequirement"/> on the <see cref="Scopes.ClaimType"/> claim), each to be
/// presented with either scheme (<see cref="ApiKeyScheme"/>, <see cref="BearerScheme"/>). OpenAPI lists alternatives:
/// an operation that takes any one of several scopes has one requirement per scope and scheme. An anonymous operation
/// (no policy, or <see cref="IAllowAnonymous"/>) has the one empty requirement: nothing is needed. A secured operation
/// also lists the 401 and 403 problems it may answer. As a document transformer it declares the two schemes.
/// </summary>
internal sealed class OperationSecurity : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = SecuritySchemes.ApiKey;

    public const string BearerScheme = SecuritySchemes.Bearer;

    public const string ApiKeyHeader = SecuritySchemes.ApiKeyHeader;

    private static readonly string[] SchemeNames = [ApiKeyScheme, BearerScheme];

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var policies = context.ApplicationServices.GetService<IAuthorizationPolicyProvider>();
        var alternatives = await ScopesNeededAsync(metadata, policies);
        if (alternatives is null)
        {
            operation.Security = [new OpenApiSecurityRequirement()];
            return;
        }
        operation.Security = [.. alternatives.SelectMany(scopes => SchemeNames.Select(scheme => new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [.. scopes],
        }))];
        string needed = alternatives.All(a => a.Count == 0)
            ? "an API key or a bearer token"
            : $"an API key or a bearer token holding the scope {string.Join(" or ", alternatives.Select(a => string.Join(" and ", a)))}";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Needs {needed}." : $"{operation.Description}\n\nNeeds {needed}.";
        operation.Responses ??= [];
        AddProblem(operation.Responses, context.Document, StatusCodes.Status401Unauthorized, "No credential, or one that is not valid (the detail names the check that failed).");
        AddProblem(operation.Responses, context.Document, StatusCodes.Status403Forbidden, "The credential does not hold the scope the operation needs.");
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyHeader,
            Description = "An API key (`chk_…`): the admin key the service prints at start-up without a database, or one made with `keys create --scope …`. " +
                "It holds the scopes it was made with.",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from the authorization service the service trusts (accepted when JWT_ISSUER is set), its scopes in the `scope` claim (space-separated) or `scp`. " +
                "An API key may be sent this way too (`Authorization: Bearer chk_…`).",
        };
        return Task.CompletedTask;
    }

    /// <summary>
    /// The scopes an endpoint's authorization policy requires, as alternatives (each a set of scopes needed together);
    /// null when the endpoint is anonymous. A policy without scope requirements (authenticated callers) is one empty set.
    /// </summary>
    internal static async Task<IReadOnlyList<IReadOnlyList<string>>?> ScopesNeededAsync(IEnumerable<object> metadata, IAuthorizationPolicyProvider? policies)
    {
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var direct = metadata.OfType<AuthorizationPolicy>().ToList();
        if (metadata.OfType<IAllowAnonymous>().Any() || (authorize.Count == 0 && direct.Count == 0))
        {
            return null;
        }
        AuthorizationPolicy? policy;
        if (authorize.Count == 0)
        {
            policy = AuthorizationPolicy.Combine(direct);
        }
        else
        {
            policy = await AuthorizationPolicy.CombineAsync(
                policies ?? throw new InvalidOperationException("an endpoint requires authorization, but no IAuthorizationPolicyProvider is registered (AddAuthorization)"),
                authorize,
                direct);
        }
        if (policy is null)
        {
            throw new InvalidOperationException("an endpoint requires authorization, but its policy could not be resolved");
        }
        // Every requirement must hold and each is met by any one of its scopes: the alternatives are their product.
        IReadOnlyList<IReadOnlyList<string>> alternatives = [[]];
        foreach (var requirement in policy.Requirements.OfType<ClaimsAuthorizationRequirement>())
        {
            if (requirement.ClaimType != Scopes.ClaimType || requirement.AllowedValues is not { } allowed || !allowed.Any())
            {
                continue;
            }
            alternatives = [.. alternatives.SelectMany(alternative => allowed.Select(scope => (IReadOnlyList<string>)[.. alternative, scope]))];
        }
        return alternatives;
    }

    private static void AddProblem(OpenApiResponses responses, OpenApiDocument? document, int status, string description)
    {
        string key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (responses.ContainsKey(key))
        {
            return;
        }
        responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema.ComponentName, document) },
            },
        };
    }
}
