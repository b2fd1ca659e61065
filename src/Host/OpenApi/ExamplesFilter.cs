using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CredentialHub.Host.OpenApi;

/// <summary>Request and response examples by operation id (the endpoints' names).</summary>
internal sealed class ExamplesFilter : IOperationFilter
{
    private const string ProofExample = """
        {"pi_a":["8773846582772866762048683645365204499946432042799112139946195470506669404093","16042277890311517220857661517109662928563569738588157070954684367853871495101","1"],
         "pi_b":[["18807714600070408112865535695655460717282204967076061902888390859145898922212","6982241495189713107062574451970251524262728752707601940777124871961365201852"],["9558038510913800832820161737245145010909687470415104905728776816755763862199","15590911770941456661884052904061612851248910933376790612922449542314729069589"],["1","0"]],
         "pi_c":["12024645978186041077603027257878751450002086882225230841007203038039187648315","17344145720548658602967515984485874781860875824796120801759184959531881556688","1"],
         "protocol":"groth16","curve":"bn128"}
        """;

    private const string PublicExample = """["17528896923544514062253862308709037130684856546136822218834208998571681420032","9060008159251157464131624822914499583245689551817690021764996682452381300790"]""";

    private static readonly Dictionary<string, (string? Request, Dictionary<string, string> Responses)> Examples = new(StringComparer.Ordinal)
    {
        ["GenerateProof"] = (
            """
            {"circuit_id":"solvency","inputs":{
              "assets":["18446744073709551615","1000000000000000000","0","5","123456789","7","0","42"],
              "liabilities":["18446744073709551615","999999999999999999","7","0","123456789","0","0","0"],
              "salt":"2937948731398700224484279298599509763998961764769148332105106151991613345306",
              "institution_hash":"9060008159251157464131624822914499583245689551817690021764996682452381300790"}}
            """,
            new()
            {
                ["200"] = $$"""{"proof_id":"f8d207a5-e7bb-4919-94cd-c809bf7c1868","circuit_id":"solvency","status":"succeeded","proof":{{ProofExample}},"public_signals":{{PublicExample}},"error":null,"created_at":"2026-11-21T15:00:00Z","completed_at":"2026-11-21T15:00:00.23Z","witness_ms":9.5,"prove_ms":190.2}""",
                ["202"] = """{"proof_id":"f8d207a5-e7bb-4919-94cd-c809bf7c1868","circuit_id":"solvency","status":"queued","proof":null,"public_signals":null,"error":null,"created_at":"2026-11-21T15:00:00Z","completed_at":null,"witness_ms":null,"prove_ms":null}""",
                ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Invalid inputs","status":400,"detail":"inputs.assets[3] must lie in [0, 2^64)","field":"inputs.assets[3]"}""",
                ["503"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Busy","status":503,"detail":"every proof worker is busy and the queue is full; retry later","field":"body"}""",
            }),
        ["VerifyProof"] = (
            $$"""{"circuit_id":"solvency","proof":{{ProofExample}},"public_signals":{{PublicExample}}}""",
            new()
            {
                ["200"] = """{"valid":true,"reason":null,"circuit_id":"solvency","proof_id":null,"verification_id":"b93086a1-8f1f-493a-88d3-bfdc7b11376c"}""",
                ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Malformed proof","status":400,"detail":"$.pi_a[0]: not a decimal number","field":"proof.pi_a[0]"}""",
            }),
        ["GetProof"] = (null, new()
        {
            ["200"] = $$"""{"proof_id":"f8d207a5-e7bb-4919-94cd-c809bf7c1868","circuit_id":"solvency","status":"succeeded","proof":{{ProofExample}},"public_signals":{{PublicExample}},"error":null,"created_at":"2026-11-21T15:00:00Z","completed_at":"2026-11-21T15:00:00.23Z","witness_ms":9.5,"prove_ms":190.2}""",
            ["404"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Unknown proof","status":404,"detail":"there is no proof f8d207a5-e7bb-4919-94cd-c809bf7c1868","field":"id"}""",
        }),
        ["ListCircuits"] = (null, new()
        {
            ["200"] = """{"circuits":[{"id":"solvency","description":"Proves that the sum of eight private asset amounts (each below 2^64) is at least the sum of eight private liability amounts, and outputs a salted Poseidon commitment to both lists.","max_attributes":8,"security_level":"development","protocol":"groth16","curve":"bn128","public_signals":2,"inputs":[{"name":"assets","length":8,"bits":64,"decimal_only":true}],"max_request_bytes":1024,"sha256":{"wasm":"8ec55e76…","zkey":"34917004…","vkey":"aadd24be…"},"origin":"bundled","registered_at":null,"status":"in-service","out_of_service":null}]}""",
        }),
        ["Health"] = (null, new()
        {
            ["200"] = """{"status":"healthy","duration_ms":3.1,"checks":{"circuits":{"status":"healthy","description":"1 circuit(s)","data":{"circuits":[{"id":"solvency","origin":"bundled","security_level":"development","integrity":"verified","key":"loaded","status":"in-service"}],"refused":[],"out_of_service":[]}},"proof_systems":{"status":"healthy","description":"1 proof system(s)","data":{"proof_systems":["groth16-bn254"],"plugins":[{"folder":"groth16-bn254","id":"groth16-bn254","version":"0.1.0","status":"loaded","error":null}]}}}}""",
        }),
        ["Liveness"] = (null, new()
        {
            ["200"] = """{"status":"healthy","duration_ms":0,"checks":{}}""",
        }),
        ["GetVerificationKey"] = (null, new()
        {
            ["200"] = """{"protocol":"groth16","curve":"bn128","nPublic":2,"vk_alpha_1":["…","…","1"],"vk_beta_2":[["…","…"],["…","…"],["1","0"]],"vk_gamma_2":[["…","…"],["…","…"],["1","0"]],"vk_delta_2":[["…","…"],["…","…"],["1","0"]],"vk_alphabeta_12":[],"IC":[["…","…","1"],["…","…","1"],["…","…","1"]]}""",
        }),
        ["GetCircuit"] = (null, new()
        {
            ["200"] = """{"id":"solvency","description":"Proves that the sum of eight private asset amounts (each below 2^64) is at least the sum of eight private liability amounts, and outputs a salted Poseidon commitment to both lists.","max_attributes":8,"security_level":"development","protocol":"groth16","curve":"bn128","public_signals":2,"inputs":[{"name":"assets","length":8,"bits":64,"decimal_only":true},{"name":"liabilities","length":8,"bits":64,"decimal_only":true},{"name":"salt","length":1,"bits":null,"decimal_only":true},{"name":"institution_hash","length":1,"bits":null,"decimal_only":true}],"max_request_bytes":1024,"sha256":{"wasm":"8ec55e76dd2f20cfa271441ebd678203dcdd5b27f459887c3b55ae03b8669b75","zkey":"349170046d8caa3e543e32da2bd85b0fbf2c9bbfaacc856c8c8fa73dddef2b16","vkey":"aadd24be57b2f5f7b083213d0fe2768a0db1c777f406c630a4b9f89b0c970f23"},"origin":"bundled","registered_at":null,"status":"in-service","out_of_service":null}""",
            ["404"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Unknown circuit","status":404,"detail":"there is no circuit 'nope'","field":"id"}""",
        }),
        ["Metrics"] = (null, new()
        {
            ["200"] = """ "# HELP proof_generation_total Proof jobs by circuit and final status\n# TYPE proof_generation_total counter\nproof_generation_total{circuit=\"solvency\",status=\"success\"} 3\n" """,
        }),
        ["ProofMetrics"] = (null, new()
        {
            ["200"] = """{"circuits":[{"circuit":"solvency","generation":{"total":5,"succeeded":3,"failed":2,"success_rate":0.6,"by_status":{"circuit-failed":2,"success":3},"latency_ms":{"samples":5,"p50":66.2,"p95":88.1,"p99":88.1,"max":88.1},"stages_ms":{"prove":{"samples":3,"p50":48.3,"p95":51.0,"p99":51.0,"max":51.0}}},"verification":{"total":4,"valid":3,"invalid":1,"latency_ms":{"samples":4,"p50":2.9,"p95":3.4,"p99":3.4,"max":3.4}}}]}""",
        }),
        ["Stats"] = (null, new()
        {
            ["200"] = """{"version":"1.0.0","started_at":"2026-11-21T15:00:00Z","uptime_seconds":3600.0,"totals":{"proofs_generated":5,"proofs_succeeded":3,"proofs_failed":2,"success_rate":0.6,"verifications":4,"valid":3,"invalid":1},"circuits":[],"process":{"working_set_bytes":289865728,"managed_heap_bytes":58442080,"cpu_seconds":7.2,"gen0_collections":10,"gen1_collections":6,"gen2_collections":4,"threads":24,"thread_pool_threads":3,"thread_pool_queue_length":0}}""",
        }),
        ["IssueChallenge"] = ("{}", new()
        {
            ["200"] = """{"nonce":"283960472190572385329457328459023498572349857230985723098475","expires_at":"2026-11-21T17:05:00Z"}""",
            ["401"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Not authenticated","status":401,"detail":"this endpoint needs an API key (X-API-Key: chk_…) or a bearer token (Authorization: Bearer …)","field":"authorization"}""",
        }),
        ["IssueCredential"] = (
            """
            {"subject":"did:example:alice","type":"DrivingLicence","expires_at":"2027-11-21",
             "attributes":[{"name":"name","type":"string","value":"Alice Example"},{"name":"birth_date","type":"date","value":"1990-05-17"},
                           {"name":"nationality","type":"string","value":"NLD"},{"name":"score","type":"integer","value":650}]}
            """,
            new()
            {
                ["201"] = """{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c","type":["VerifiableCredential","DrivingLicence"],"issuer":{"id":"urn:credentialhub:issuer:f915c562-b764-4edb-a842-56e1343da832","publicKey":{"type":"BabyJubJubEdDSAPoseidon","x":"7235282721280162802899455973530078842988461865002324483232098494391905530628","y":"11886691061249308404755973843155631384535889079646099895040449030392715270875"}},"validFrom":"2026-11-21T16:55:22Z","validUntil":"2027-11-21T23:59:59Z","credentialSubject":{},"credentialSchema":{"id":"urn:credentialhub:schema:11261692787590907166867234651506519859813059070411902597474776761257592774063","type":"CredentialHubAttributeSchema","attributes":[{"name":"name","type":"string","slot":0},{"name":"birth_date","type":"date","slot":1},{"name":"nationality","type":"string","slot":2},{"name":"score","type":"integer","slot":3}]},"credentialStatus":{"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c#status","type":"CredentialHubRevocationStatus","revoked":false}}""",
                ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Invalid credential","status":400,"detail":"the value of attribute 'birth_date' must be a date written YYYY-MM-DD","field":"attributes[1].value"}""",
            }),
        ["GetCredential"] = (null, new()
        {
            ["200"] = """{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c","type":["VerifiableCredential","DrivingLicence"],"issuer":{"id":"urn:credentialhub:issuer:f915c562-b764-4edb-a842-56e1343da832","publicKey":{"type":"BabyJubJubEdDSAPoseidon","x":"7235282721280162802899455973530078842988461865002324483232098494391905530628","y":"11886691061249308404755973843155631384535889079646099895040449030392715270875"}},"validFrom":"2026-11-21T16:55:22Z","validUntil":"2027-11-21T23:59:59Z","credentialSubject":{},"credentialSchema":{"id":"urn:credentialhub:schema:11261692787590907166867234651506519859813059070411902597474776761257592774063","type":"CredentialHubAttributeSchema","attributes":[{"name":"name","type":"string","slot":0},{"name":"birth_date","type":"date","slot":1},{"name":"nationality","type":"string","slot":2},{"name":"score","type":"integer","slot":3}]},"credentialStatus":{"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c#status","type":"CredentialHubRevocationStatus","revoked":false}}""",
            ["404"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Unknown credential","status":404,"detail":"there is no credential ece65df5-19e9-4f36-bd36-b3910142f34c","field":"id"}""",
        }),
        ["RevokeCredential"] = (null, new()
        {
            ["200"] = """{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c","type":["VerifiableCredential","DrivingLicence"],"issuer":{"id":"urn:credentialhub:issuer:f915c562-b764-4edb-a842-56e1343da832","publicKey":{"type":"BabyJubJubEdDSAPoseidon","x":"7235282721280162802899455973530078842988461865002324483232098494391905530628","y":"11886691061249308404755973843155631384535889079646099895040449030392715270875"}},"validFrom":"2026-11-21T16:55:22Z","validUntil":"2027-11-21T23:59:59Z","credentialSubject":{},"credentialSchema":{"id":"urn:credentialhub:schema:11261692787590907166867234651506519859813059070411902597474776761257592774063","type":"CredentialHubAttributeSchema","attributes":[{"name":"name","type":"string","slot":0},{"name":"birth_date","type":"date","slot":1},{"name":"nationality","type":"string","slot":2},{"name":"score","type":"integer","slot":3}]},"credentialStatus":{"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c#status","type":"CredentialHubRevocationStatus","revoked":true,"revokedAt":"2026-11-21T17:02:00Z"}}""",
            ["404"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Unknown credential","status":404,"detail":"there is no credential ece65df5-19e9-4f36-bd36-b3910142f34c","field":"id"}""",
        }),
        ["ListIssuerKeys"] = (null, new()
        {
            ["200"] = """{"keys":[{"key_id":"f915c562-b764-4edb-a842-56e1343da832","x":"7235282721280162802899455973530078842988461865002324483232098494391905530628","y":"11886691061249308404755973843155631384535889079646099895040449030392715270875","created_at":"2026-11-21T16:55:20Z","retired_at":null,"active":true}]}""",
        }),
        ["RegisterCircuit"] = (null, new()
        {
            ["201"] = """{"id":"solvency-copy","description":"Proves that the sum of eight private asset amounts (each below 2^64) is at least the sum of eight private liability amounts, and outputs a salted Poseidon commitment to both lists.","max_attributes":8,"security_level":"development","protocol":"groth16","curve":"bn128","public_signals":2,"inputs":[{"name":"assets","length":8,"bits":64,"decimal_only":true},{"name":"liabilities","length":8,"bits":64,"decimal_only":true},{"name":"salt","length":1,"bits":null,"decimal_only":true},{"name":"institution_hash","length":1,"bits":null,"decimal_only":true}],"max_request_bytes":1024,"sha256":{"wasm":"8ec55e76dd2f20cfa271441ebd678203dcdd5b27f459887c3b55ae03b8669b75","zkey":"349170046d8caa3e543e32da2bd85b0fbf2c9bbfaacc856c8c8fa73dddef2b16","vkey":"aadd24be57b2f5f7b083213d0fe2768a0db1c777f406c630a4b9f89b0c970f23"},"origin":"registered","registered_at":"2026-11-21T15:00:00Z","status":"in-service","out_of_service":null}""",
            ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Circuit refused","status":400,"detail":"circuit 'demo': circuit_final.zkey does not match verification_key.json: the verification key exported from the proving key differs","field":"vkey"}""",
            ["409"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Circuit already registered","status":409,"detail":"circuit 'demo' is already registered; a registered circuit is immutable, register the new version under a new id","field":"configuration.id"}""",
        }),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId == "RegisterCircuit")
        {
            DescribeUpload(operation);
        }
        if (operation.OperationId is not { } id || !Examples.TryGetValue(id, out var examples))
        {
            return;
        }
        if (examples.Request is { } request && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values)
            {
                media.Example = JsonNode.Parse(request);
            }
        }
        if (operation.Responses is null)
        {
            return;
        }
        foreach (var (status, body) in examples.Responses)
        {
            if (!operation.Responses.TryGetValue(status, out var response))
            {
                continue;
            }
            if (response.Content is not { } mediaTypes)
            {
                continue;
            }
            foreach (var media in mediaTypes.Values)
            {
                media.Example = JsonNode.Parse(body);
            }
        }
    }

    /// <summary>The upload's parts: circuit.json, the three artifacts and the optional constraint system.</summary>
    private static void DescribeUpload(OpenApiOperation operation)
    {
        var parts = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["configuration"] = Binary("circuit.json: id, description, wasm_file, zkey_file, vkey_file, max_attributes, security_level (optional: inputs, max_request_bytes, r1cs_file)"),
            ["wasm"] = Binary("circom's witness calculator (circuit_js/circuit.wasm): its prime must be the key's scalar field and its witness size the key's nVars"),
            ["zkey"] = Binary("the Groth16 proving key (.zkey)"),
            ["vkey"] = Binary("the verification key JSON exported from that zkey (same nPublic)"),
        };
        var required = new HashSet<string>(parts.Keys, StringComparer.Ordinal);
        parts["r1cs"] = Binary("optional: the circuit's constraint system (.r1cs); the zkey must have been made for it (wires, public signals, constraints, every A and B coefficient). Checked, not stored");
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
