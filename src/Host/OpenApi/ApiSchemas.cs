using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace CredentialHub.Host.OpenApi;

/// <summary>
/// The schemas of the JSON the endpoints write and read as it is rather than through a record (a stored proof and its
/// public signals, circuit inputs, a presentation, a verifiable credential, a verification key): snarkjs's formats and
/// the Credentials module's documents (<c>Api/VerifiableCredential</c>, <c>Issuing/CredentialSchema</c>,
/// <c>Presentations/CredentialProofs</c>), written down here because no .NET type describes them. Added to the
/// document's components by <see cref="DocumentSetup"/>; referenced by <see cref="SchemaTypes"/> and
/// <see cref="OperationBodies"/>.
/// </summary>
internal static class ApiSchemas
{
    public const string DecimalString = "DecimalString";
    public const string G1Point = "G1Point";
    public const string G2Point = "G2Point";
    public const string Groth16Proof = "Groth16Proof";
    public const string PublicSignals = "PublicSignals";
    public const string VerificationKey = "VerificationKey";
    public const string CircuitInputs = "CircuitInputs";
    public const string InputValue = "InputValue";
    public const string Name = "Name";
    public const string AttributeType = "AttributeType";
    public const string AttributeValue = "AttributeValue";
    public const string CredentialSchema = "CredentialSchema";
    public const string Presentation = "Presentation";
    public const string CredentialDisclosure = "CredentialDisclosure";
    public const string VerifiableCredential = "VerifiableCredential";

    /// <summary>A canonical decimal: no sign, no leading zero, as snarkjs writes field elements.</summary>
    private const string DecimalPattern = "^(0|[1-9][0-9]*)$";

    /// <summary>What a circuit input value may be written as (the Circuits module's one input reader).</summary>
    private const string InputTextPattern = "^(0|[1-9][0-9]*|0x[0-9a-fA-F]+)$";

    /// <summary>A credential type or attribute name (<c>CredentialSchema.IsValidName</c>).</summary>
    private const string NamePattern = "^[A-Za-z][A-Za-z0-9_]{0,30}$";

    /// <summary>Every schema by its component name.</summary>
    public static IReadOnlyDictionary<string, OpenApiSchema> All(OpenApiDocument document) => new Dictionary<string, OpenApiSchema>(StringComparer.Ordinal)
    {
        [DecimalString] = new()
        {
            Type = JsonSchemaType.String,
            Pattern = DecimalPattern,
            Description = "A non-negative integer in decimal, without sign or leading zeros (a field element as snarkjs writes it).",
        },
        [G1Point] = Tuple(Ref(DecimalString, document), 3,
            "A point of G1 in snarkjs's projective form [x, y, z]: z is \"1\" (the point at infinity is [\"0\", \"1\", \"0\"])."),
        [G2Point] = Tuple(Tuple(Ref(DecimalString, document), 2, "An element of Fp2: [c0, c1]."), 3,
            "A point of G2 in snarkjs's projective form [x, y, z] over Fp2: z is [\"1\", \"0\"]."),
        [Groth16Proof] = Object(
            "A Groth16 proof as snarkjs writes it (proof.json). Each coordinate is a canonical decimal below the base field's modulus q; " +
            "protocol and curve may be left out (rapidsnark writes no curve).",
            new()
            {
                ["pi_a"] = Ref(G1Point, document),
                ["pi_b"] = Ref(G2Point, document),
                ["pi_c"] = Ref(G1Point, document),
                ["protocol"] = Enum("The proof system: groth16.", "groth16"),
                ["curve"] = Enum("The curve: bn128 (also accepted as bn254 or alt_bn128).", "bn128", "bn254", "alt_bn128"),
            },
            "pi_a", "pi_b", "pi_c"),
        [PublicSignals] = new()
        {
            Type = JsonSchemaType.Array,
            Items = Ref(DecimalString, document),
            Description = "The public signals as snarkjs writes them (public.json): outputs first, then public inputs; each a canonical decimal below the scalar field's order r.",
        },
        [VerificationKey] = Object(
            "A Groth16 verification key as snarkjs writes it (verification_key.json, snarkjs zkey export verificationkey).",
            new()
            {
                ["protocol"] = Enum("The proof system: groth16.", "groth16"),
                ["curve"] = Enum("The curve.", "bn128"),
                ["nPublic"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Description = "How many public signals a proof has." },
                ["vk_alpha_1"] = Ref(G1Point, document),
                ["vk_beta_2"] = Ref(G2Point, document),
                ["vk_gamma_2"] = Ref(G2Point, document),
                ["vk_delta_2"] = Ref(G2Point, document),
                ["vk_alphabeta_12"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "e(alpha, beta), an element of Fp12 as snarkjs writes it (informative: the verifier does not read it).",
                    Items = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Ref(DecimalString, document) } },
                },
                ["IC"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = Ref(G1Point, document),
                    MinItems = 1,
                    Description = "One point per public signal, plus one.",
                },
            },
            "protocol", "curve", "nPublic", "vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2", "IC"),
        [CircuitInputs] = new()
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = Ref(InputValue, document),
            Description = "The circuit's input signals by name (GET /circuits/{id} lists them), as circom's input.json: each value " +
                "an integer in [0, r) or a nested array of them, of the declared length. A value declared decimal_only must be a decimal string.",
        },
        [InputValue] = new()
        {
            Description = "A decimal string, a 0x-hex string, a non-negative JSON integer, or an array of input values (a signal array).",
            AnyOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.String, Pattern = InputTextPattern },
                new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
                new OpenApiSchema { Type = JsonSchemaType.Array, Items = Ref(InputValue, document) },
            ],
        },
        [Name] = new()
        {
            Type = JsonSchemaType.String,
            Pattern = NamePattern,
            Description = "A name: a letter, then letters, digits or underscores; at most 31 characters.",
        },
        [AttributeType] = Enum("An attribute's type.", "string", "integer", "date", "boolean"),
        [AttributeValue] = new()
        {
            Type = JsonSchemaType.String | JsonSchemaType.Integer | JsonSchemaType.Boolean,
            Description = "An attribute's value, as its type says: a string (at most 31 bytes of UTF-8), an integer (64-bit signed), a date (a string YYYY-MM-DD) or a boolean.",
        },
        [CredentialSchema] = Closed(Object(
            "A credential's type and its attributes' names and types in slot order, without values: what a presentation shows the verifier.",
            new()
            {
                ["type"] = Ref(Name, document),
                ["attributes"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    MinItems = 1,
                    MaxItems = 15,
                    Items = Closed(Object(null, new() { ["name"] = Ref(Name, document), ["type"] = Ref(AttributeType, document) }, "name", "type")),
                },
            },
            "type", "attributes")),
        [Presentation] = Closed(Object(
            "What a credential proof presents besides the proof: the schema the issuer signed (its digest is a public signal). " +
            "The generate response gives it; the verifier passes it back to POST /proofs/verify.",
            new() { ["schema"] = Ref(CredentialSchema, document) },
            "schema")),
        [CredentialDisclosure] = Object(
            "What a verified credential presentation discloses: the issuer key, the credential's type, the revealed attributes, the predicates proved to hold, the nonce and the day it was checked against.",
            new()
            {
                ["issuer"] = Object("The issuer key that signed the credential.", new()
                {
                    ["key_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                    ["x"] = Ref(DecimalString, document),
                    ["y"] = Ref(DecimalString, document),
                }, "key_id", "x", "y"),
                ["type"] = Ref(Name, document),
                ["revealed"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = Ref(AttributeValue, document),
                    Description = "The revealed attributes' values by name.",
                },
                ["predicates"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Description = "The predicates the proof shows to hold.",
                    Items = Object(null, new()
                    {
                        ["attribute"] = Ref(Name, document),
                        ["op"] = Enum("The comparison.", ">=", "<="),
                        ["value"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.String, Description = "The threshold: an integer, or a date YYYY-MM-DD." },
                        ["age_at_least"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Description = "For a date predicate that is an age: the age in years." },
                    }, "attribute", "op", "value"),
                },
                ["nonce"] = Ref(DecimalString, document),
                ["date"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date", Description = "The day the proof checked the expiry against." },
            },
            "issuer", "type", "revealed", "predicates", "nonce", "date"),
        [VerifiableCredential] = Object(
            "A credential in the W3C Verifiable Credentials Data Model 2.0 shape. credentialSubject holds the subject's id and the attribute values, " +
            "and proof the issuer's signature, only for a caller holding the credentials:read scope; otherwise credentialSubject is empty and credentialSchema says what it holds.",
            new()
            {
                ["@context"] = new OpenApiSchema { Type = JsonSchemaType.Array, MinItems = 1, Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri" } },
                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^urn:uuid:[0-9a-f-]{36}$", Description = "urn:uuid: and the credential's id." },
                ["type"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    MinItems = 2,
                    MaxItems = 2,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                    Description = "VerifiableCredential and the credential's type.",
                },
                ["issuer"] = Object("The issuer: its key's id and, when the key is known, its public key.", new()
                {
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^urn:credentialhub:issuer:[0-9a-f-]{36}$" },
                    ["publicKey"] = Object("The issuer's BabyJubJub public key.", new()
                    {
                        ["type"] = Enum("The key type.", "BabyJubJubEdDSAPoseidon"),
                        ["x"] = Ref(DecimalString, document),
                        ["y"] = Ref(DecimalString, document),
                    }, "type", "x", "y"),
                }, "id"),
                ["validFrom"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                ["validUntil"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                ["credentialSubject"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Empty unless the caller holds credentials:read; then the subject's id and each attribute's value by name.",
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) { ["id"] = new OpenApiSchema { Type = JsonSchemaType.String } },
                    AdditionalProperties = Ref(AttributeValue, document),
                },
                ["credentialSchema"] = Object("The attributes' names, types and slots (no values), and the schema's digest.", new()
                {
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^urn:credentialhub:schema:(0|[1-9][0-9]*)$" },
                    ["type"] = Enum("The schema type.", "CredentialHubAttributeSchema"),
                    ["attributes"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        MinItems = 1,
                        MaxItems = 15,
                        Items = Object(null, new()
                        {
                            ["name"] = Ref(Name, document),
                            ["type"] = Ref(AttributeType, document),
                            ["slot"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Maximum = "14" },
                        }, "name", "type", "slot"),
                    },
                }, "id", "type", "attributes"),
                ["credentialStatus"] = Object("Whether the credential is revoked, and since when.", new()
                {
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["type"] = Enum("The status type.", "CredentialHubRevocationStatus"),
                    ["revoked"] = new OpenApiSchema { Type = JsonSchemaType.Boolean },
                    ["revokedAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "Only on a revoked credential." },
                }, "id", "type", "revoked"),
                ["proof"] = Object("The issuer's EdDSA-Poseidon signature; only for a caller holding credentials:read.", new()
                {
                    ["type"] = Enum("The signature type.", "CredentialHubEdDSAPoseidon"),
                    ["verificationMethod"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What is signed." },
                    ["proofValue"] = Object(null, new()
                    {
                        ["r8x"] = Ref(DecimalString, document),
                        ["r8y"] = Ref(DecimalString, document),
                        ["s"] = Ref(DecimalString, document),
                    }, "r8x", "r8y", "s"),
                }, "type", "verificationMethod", "message", "proofValue"),
            },
            "@context", "id", "type", "issuer", "validFrom", "validUntil", "credentialSubject", "credentialSchema", "credentialStatus"),
    };

    /// <summary>A reference to the component <paramref name="name"/>.</summary>
    public static OpenApiSchemaReference Ref(string name, OpenApiDocument document) => new(name, document);

    /// <summary><paramref name="schema"/> or JSON null.</summary>
    public static OpenApiSchema OrNull(IOpenApiSchema schema) => new() { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, schema] };

    /// <summary>An object with these members, of which <paramref name="required"/> are always present.</summary>
    public static OpenApiSchema Object(string? description, Dictionary<string, IOpenApiSchema> properties, params string[] required) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Properties = properties,
        Required = new HashSet<string>(required, StringComparer.Ordinal),
    };

    /// <summary><paramref name="schema"/>, refusing members it does not name (as the endpoints refuse unknown request fields).</summary>
    public static OpenApiSchema Closed(OpenApiSchema schema)
    {
        schema.AdditionalPropertiesAllowed = false;
        return schema;
    }

    /// <summary>One of these strings.</summary>
    public static OpenApiSchema Enum(string? description, params string[] values) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
    };

    /// <summary>An array of exactly <paramref name="length"/> items.</summary>
    private static OpenApiSchema Tuple(IOpenApiSchema item, int length, string description) => new()
    {
        Type = JsonSchemaType.Array,
        Items = item,
        MinItems = length,
        MaxItems = length,
        Description = description,
    };
}
