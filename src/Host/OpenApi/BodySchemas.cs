using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredentialHub.Host.OpenApi;

/// <summary>
/// Completes the schemas the framework made from the endpoints' request and response records (components named after
/// the records). Members whose .NET type says nothing of their JSON (<c>JsonText</c>, <c>JsonElement</c>,
/// <c>JsonObject</c>: a proof, public signals, inputs, a presentation, a disclosure, an attribute value) get
/// <see cref="ApiSchemas"/>' schemas, nullable where the record's member is. Request records, which document bodies the
/// endpoints read themselves, get what the endpoints accept: the members they require (or the alternatives: inputs or
/// a credential; a stored proof or a proof to check), no null for a member that is either given or left out, and no
/// member they do not know. Then the placeholders of untyped JSON are dropped. A component or member named here that
/// the framework did not make fails the document: the tables are kept true.
/// </summary>
internal sealed class BodySchemas : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<(string Component, string Member), Func<OpenApiDocument, IOpenApiSchema>> Members = new()
    {
        [("ProofResponse", "proof")] = d => ApiSchemas.Ref(ApiSchemas.Groth16Proof, d),
        [("ProofResponse", "public_signals")] = d => ApiSchemas.Ref(ApiSchemas.PublicSignals, d),
        [("ProofResponse", "presentation")] = d => ApiSchemas.Ref(ApiSchemas.Presentation, d),
        [("ProofResponse", "status")] = _ => ApiSchemas.Enum("The job's state.", "queued", "running", "succeeded", "failed"),
        [("CircuitResponse", "status")] = _ => ApiSchemas.Enum("Whether the circuit proves (in-service) or its proving key was found faulty (out-of-service: see out_of_service).", "in-service", "out-of-service"),
        [("VerifyResponse", "credential")] = d => ApiSchemas.Ref(ApiSchemas.CredentialDisclosure, d),
        [("ChallengeResponse", "nonce")] = d => ApiSchemas.Ref(ApiSchemas.DecimalString, d),
        [("GenerateRequest", "inputs")] = d => ApiSchemas.Ref(ApiSchemas.CircuitInputs, d),
        [("GenerateRequest", "reveal_attributes")] = d => new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = ApiSchemas.Ref(ApiSchemas.Name, d),
            Description = "The attributes whose values the proof reveals (the schema's digest is always revealed).",
        },
        [("GenerateRequest", "nonce")] = d => ApiSchemas.Ref(ApiSchemas.DecimalString, d),
        [("VerifyRequest", "proof")] = d => ApiSchemas.Ref(ApiSchemas.Groth16Proof, d),
        [("VerifyRequest", "public_signals")] = d => ApiSchemas.Ref(ApiSchemas.PublicSignals, d),
        [("VerifyRequest", "presentation")] = d => ApiSchemas.Ref(ApiSchemas.Presentation, d),
        [("VerifyRequest", "nonce")] = d => ApiSchemas.Ref(ApiSchemas.DecimalString, d),
        [("IssueRequest", "type")] = d => ApiSchemas.Ref(ApiSchemas.Name, d),
        [("IssueRequest", "expires_at")] = _ => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date", Description = "The last day the credential is valid (default: a year from today)." },
        [("AttributeRequest", "name")] = d => ApiSchemas.Ref(ApiSchemas.Name, d),
        [("AttributeRequest", "type")] = d => ApiSchemas.Ref(ApiSchemas.AttributeType, d),
        [("AttributeRequest", "value")] = d => ApiSchemas.Ref(ApiSchemas.AttributeValue, d),
        [("PredicateRequest", "attribute")] = d => ApiSchemas.Ref(ApiSchemas.Name, d),
        [("PredicateRequest", "op")] = _ => ApiSchemas.Enum("The comparison: at least, at most, or (a date attribute) an age of at least value years.", ">=", "<=", "age_at_least"),
        [("PredicateRequest", "value")] = d => ApiSchemas.Ref(ApiSchemas.AttributeValue, d),
        [("ChallengeRequest", "lifetime_seconds")] = _ => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Description = "How long the nonce stays valid; at most NONCE_TTL_SECONDS." },
    };

    /// <summary>The request records: the members a request must have, and the alternatives of which exactly one holds.</summary>
    private static readonly Dictionary<string, (string[] Required, string[][] Alternatives)> Requests = new(StringComparer.Ordinal)
    {
        ["GenerateRequest"] = (["circuit_id"], [["inputs"], ["credential_id", "nonce"]]),
        ["VerifyRequest"] = ([], [["proof_id"], ["circuit_id", "proof", "public_signals"]]),
        ["IssueRequest"] = (["subject", "type", "attributes"], []),
        ["AttributeRequest"] = (["name", "type", "value"], []),
        ["PredicateRequest"] = (["attribute", "op", "value"], []),
        ["ChallengeRequest"] = ([], []),
    };

    /// <summary>The framework's schemas of untyped JSON (any value) and of a file, replaced by the above and by <see cref="OperationBodies"/>.</summary>
    private static readonly string[] Placeholders = ["JsonElement", "JsonText", "JsonObject", "JsonNode", "IFormFile"];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components?.Schemas ?? throw new InvalidOperationException("OpenAPI: the document has no schemas");
        foreach (var ((component, member), schema) in Members)
        {
            var properties = Component(schemas, component).Properties;
            if (properties is null || !properties.TryGetValue(member, out var generated))
            {
                throw new InvalidOperationException($"OpenAPI: schema {component} has no member {member}");
            }
            bool nullable = !Requests.ContainsKey(component) && AdmitsNull(generated);
            properties[member] = nullable ? ApiSchemas.OrNull(schema(document)) : schema(document);
        }
        foreach (var (component, (required, alternatives)) in Requests)
        {
            var schema = Component(schemas, component);
            foreach (var member in schema.Properties?.Keys.ToList() ?? [])
            {
                schema.Properties![member] = NotNull(schema.Properties[member]);
            }
            schema.Required = new HashSet<string>(required, StringComparer.Ordinal);
            schema.OneOf = alternatives.Length == 0 ? null : [.. alternatives.Select(a => (IOpenApiSchema)new OpenApiSchema { Required = new HashSet<string>(a, StringComparer.Ordinal) })];
            ApiSchemas.Closed(schema);
        }
        foreach (string placeholder in Placeholders)
        {
            schemas.Remove(placeholder);
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Component(IDictionary<string, IOpenApiSchema> schemas, string name) =>
        (schemas.TryGetValue(name, out var schema) ? schema as OpenApiSchema : null) ?? throw new InvalidOperationException($"OpenAPI: there is no schema {name}");

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };

    private static bool AdmitsNull(IOpenApiSchema schema) =>
        schema is OpenApiSchema s && ((s.Type is { } type && type.HasFlag(JsonSchemaType.Null)) || s.OneOf?.Any(IsNull) == true);

    /// <summary>The schema without its null alternative.</summary>
    private static IOpenApiSchema NotNull(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema { OneOf: { } oneOf } && oneOf.Any(IsNull) && oneOf.Count(o => !IsNull(o)) == 1)
        {
            return oneOf.Single(o => !IsNull(o));
        }
        if (schema is OpenApiSchema { Type: { } type } s && type.HasFlag(JsonSchemaType.Null))
        {
            s.Type = type & ~JsonSchemaType.Null;
        }
        return schema;
    }
}
