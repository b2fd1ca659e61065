using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredentialHub.Host.OpenApi;

/// <summary>
/// The bodies whose .NET type says nothing of their JSON, by operation id (the endpoints' names): a credential is
/// built as a JSON object in the W3C shape and a verification key is written as the stored snarkjs file, so their
/// responses get <see cref="ApiSchemas"/>' schemas; the circuit upload is described part by part; the challenge body
/// is optional. An operation named here whose response is not found fails the document: the table is kept true.
/// </summary>
internal sealed class OperationBodies : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, (string Status, string Schema)[]> Responses = new(StringComparer.Ordinal)
    {
        ["IssueCredential"] = [("201", ApiSchemas.VerifiableCredential)],
        ["GetCredential"] = [("200", ApiSchemas.VerifiableCredential)],
        ["RevokeCredential"] = [("200", ApiSchemas.VerifiableCredential)],
        ["GetVerificationKey"] = [("200", ApiSchemas.VerificationKey)],
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        string? id = operation.OperationId;
        if (id == "RegisterCircuit")
        {
            DescribeUpload(operation);
        }
        if (id == "IssueChallenge" && operation.RequestBody is OpenApiRequestBody challenge)
        {
            challenge.Required = false;
            challenge.Description = "Optional: no body, or {}, takes the configured lifetime (NONCE_TTL_SECONDS).";
        }
        if (id is not null && Responses.TryGetValue(id, out var bodies))
        {
            foreach (var (status, schema) in bodies)
            {
                if (operation.Responses is null || !operation.Responses.TryGetValue(status, out var response)
                    || response.Content is null || !response.Content.TryGetValue("application/json", out var json) || json is not OpenApiMediaType media)
                {
                    throw new InvalidOperationException($"OpenAPI: operation {id} has no application/json response {status} to describe as {schema}");
                }
                media.Schema = ApiSchemas.Ref(schema, context.Document!);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The upload's parts: circuit.json, the three artifacts and the optional constraint system.</summary>
    private static void DescribeUpload(OpenApiOperation operation)
    {
        var parts = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["configuration"] = Binary("circuit.json: id, description, wasm_file, zkey_file, vkey_file, max_attributes, security_level (optional: inputs, max_request_bytes, r1cs_file; a production circuit also names ptau_file, a powers-of-tau file in the server's PTAU_DIR, and may pin ptau_blake2b512)"),
            ["wasm"] = Binary("circom's witness calculator (circuit_js/circuit.wasm): its prime must be the key's scalar field and its witness size the key's nVars"),
            ["zkey"] = Binary("the Groth16 proving key (.zkey)"),
            ["vkey"] = Binary("the verification key JSON exported from that zkey (same nPublic)"),
        };
        var required = new HashSet<string>(parts.Keys, StringComparer.Ordinal);
        parts["r1cs"] = Binary("optional: the circuit's constraint system (.r1cs); the zkey must have been made for it (wires, public signals, constraints, every A and B coefficient). Required for a production circuit, whose key must also be shown (zkey verify) to come from this r1cs and the ptau named by ptau_file. Stored with the circuit, so other instances check it again");
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The circuit's configuration and artifacts; each is checked as at start-up and stored by SHA-256.",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["multipart/form-data"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = required,
                        Properties = parts,
                    },
                },
            },
        };
    }

    private static OpenApiSchema Binary(string description) => new() { Type = JsonSchemaType.String, Format = "binary", Description = description };
}
