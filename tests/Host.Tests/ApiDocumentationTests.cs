using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CredentialHub.Host.Tests;

/// <summary>
/// The OpenAPI document behind /swagger: every endpoint is described, with its security requirements, typed schemas and
/// examples that match them; Swagger UI can authorize and call with what the document declares; the service's real
/// answers match the documented schemas; and Redocly's linter finds no error in it.
/// </summary>
public class ApiDocumentationTests(DocumentedHost host) : IClassFixture<DocumentedHost>
{
    /// <summary>Every operation's scopes (alternatives, each the scopes needed together); null for an anonymous operation.</summary>
    private static readonly Dictionary<string, string[][]?> Scopes = new(StringComparer.Ordinal)
    {
        ["GenerateProof"] = [["prove"]],
        ["VerifyProof"] = [["verify"]],
        ["IssueChallenge"] = [["verify"]],
        ["GetProof"] = [["prove"], ["verify"]],
        ["RegisterCircuit"] = [["circuits:admin"]],
        ["IssueCredential"] = [["credentials:issue"]],
        ["GetCredential"] = [["credentials:issue"], ["credentials:read"], ["prove"]],
        ["RevokeCredential"] = [["credentials:issue"]],
        ["ListCircuits"] = null,
        ["GetCircuit"] = null,
        ["GetVerificationKey"] = null,
        ["ListIssuerKeys"] = null,
        ["Health"] = null,
        ["Liveness"] = null,
        ["Metrics"] = null,
        ["ProofMetrics"] = null,
        ["Stats"] = null,
    };

    private JsonElement Document => host.Document;

    [Fact]
    public async Task Every_endpoint_has_a_response_example_and_every_post_a_request_body()
    {
        using var ui = await host.Server.Http.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        using var swaggerUiConfiguration = await host.Server.Http.GetAsync("/swagger/index.js");
        Assert.Contains(DocumentedHost.DocumentPath, await swaggerUiConfiguration.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var operations = new List<string>();
        foreach (var (method, path, operation) in host.Operations())
        {
            string name = $"{method} {path}";
            operations.Add(name);
            bool hasExample = operation.GetProperty("responses").EnumerateObject()
                .Any(r => r.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any(m => m.Value.TryGetProperty("example", out _)));
            Assert.True(hasExample, $"{name} has no response example");
            if (method == "POST")
            {
                Assert.True(operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").EnumerateObject().Any(), $"{name} has no request body schema");
            }
        }
        Assert.Subset(operations.ToHashSet(), new HashSet<string>
        {
            "POST /proofs/generate", "POST /proofs/verify", "GET /proofs/{id}",
            "GET /circuits", "GET /circuits/{id}", "GET /circuits/{id}/verification_key", "POST /circuits",
            "GET /health", "GET /health/live",
            "POST /credentials", "GET /credentials/{id}", "DELETE /credentials/{id}", "GET /credentials/issuer-keys", "POST /proofs/challenges",
        });
    }

    [Fact]
    public void The_document_declares_the_api_key_and_bearer_schemes_and_the_scopes_of_every_operation()
    {
        var schemes = Document.GetProperty("components").GetProperty("securitySchemes");
        var apiKey = schemes.GetProperty("ApiKey");
        Assert.Equal("apiKey", apiKey.GetProperty("type").GetString());
        Assert.Equal("header", apiKey.GetProperty("in").GetString());
        Assert.Equal("X-API-Key", apiKey.GetProperty("name").GetString());
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Equal("JWT", bearer.GetProperty("bearerFormat").GetString());
        Assert.False(Document.TryGetProperty("security", out _), "no requirement for the whole document: each operation says its own");

        foreach (var (method, path, operation) in host.Operations())
        {
            string id = operation.GetProperty("operationId").GetString()!;
            Assert.True(Scopes.TryGetValue(id, out var expected), $"{method} {path} ({id}): add its scopes to this test");
            var requirements = operation.GetProperty("security").EnumerateArray()
                .Select(r => r.EnumerateObject().Select(s => (Scheme: s.Name, Scopes: string.Join(" ", s.Value.EnumerateArray().Select(v => v.GetString())))).ToList())
                .ToList();
            if (expected is null)
            {
                Assert.True(requirements.All(r => r.Count == 0), $"{id} is anonymous: no requirement may name a scheme ({operation.GetProperty("security")})");
                continue;
            }
            Assert.True(requirements.All(r => r.Count == 1), $"{id}: each requirement names one scheme ({operation.GetProperty("security")})");
            var declared = requirements.Select(r => r[0]).ToHashSet();
            var wanted = expected.SelectMany(scopes => new[] { "ApiKey", "Bearer" }.Select(scheme => (Scheme: scheme, Scopes: string.Join(" ", scopes)))).ToHashSet();
            Assert.True(wanted.SetEquals(declared), $"{id}: declared {string.Join(", ", declared)}; expected {string.Join(", ", wanted)}");
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("401", out _) && responses.TryGetProperty("403", out _), $"{id} needs a credential: it lists 401 and 403");
        }
    }

    [Fact]
    public async Task Swagger_UI_authorized_with_the_documented_api_key_scheme_calls_a_secured_operation()
    {
        // What Swagger UI does: Authorize fills the apiKey scheme; "Try it out" sends the example in the header the scheme names.
        var scheme = Document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        string header = scheme.GetProperty("name").GetString()!;
        string server = Document.GetProperty("servers")[0].GetProperty("url").GetString()!;
        var (_, path, operation) = host.Operations().Single(o => o.Operation.GetProperty("operationId").GetString() == "IssueChallenge");
        var example = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("examples").EnumerateObject().First().Value.GetProperty("value");
        var url = new Uri(new Uri(host.Server.Address, server), path.TrimStart('/'));
        using var browser = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        using var anonymous = await browser.SendAsync(Request(url, example, header, null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var authorized = await browser.SendAsync(Request(url, example, header, host.Server.ApiKey));
        string body = await authorized.Content.ReadAsStringAsync();
        Assert.True(authorized.StatusCode == HttpStatusCode.OK, $"POST {path} with {header}: {(int)authorized.StatusCode} {body}");
        using var answer = JsonDocument.Parse(body);
        Assert.Empty(Validator().Validate(ResponseSchema(operation, "200", "application/json"), answer.RootElement));

        static HttpRequestMessage Request(Uri url, JsonElement example, string header, string? key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(example.GetRawText(), Encoding.UTF8, "application/json") };
            if (key is not null)
            {
                request.Headers.Add(header, key);
            }
            return request;
        }
    }

    [Fact]
    public void Every_example_validates_against_its_schema()
    {
        var validator = Validator();
        var failures = new List<string>();
        int checkedExamples = 0;
        foreach (var (method, path, operation) in host.Operations())
        {
            var bodies = new List<(string Where, JsonElement Content)>();
            if (operation.TryGetProperty("requestBody", out var requestBody))
            {
                bodies.Add(("request", requestBody.GetProperty("content")));
            }
            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                if (response.Value.TryGetProperty("content", out var content))
                {
                    bodies.Add((response.Name, content));
                }
            }
            foreach (var (where, content) in bodies)
            {
                foreach (var media in content.EnumerateObject())
                {
                    foreach (var (name, example) in Examples(media.Value))
                    {
                        checkedExamples++;
                        Assert.True(media.Value.TryGetProperty("schema", out var schema), $"{method} {path} {where} {media.Name} has an example but no schema");
                        foreach (string problem in validator.Validate(schema, example))
                        {
                            failures.Add($"{method} {path} {where} {media.Name} {name}: {problem}");
                        }
                    }
                }
            }
        }
        Assert.True(checkedExamples >= 30, $"only {checkedExamples} examples found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_validator_refuses_what_the_schemas_refuse()
    {
        // The checks above can fail: values that break the documented types are refused.
        var validator = Validator();
        using var proof = JsonDocument.Parse("""{"pi_a":[1,2,3],"pi_b":[["1","2"],["3","4"],["1","0"]],"pi_c":["1","2","1"],"protocol":"groth16"}""");
        Assert.NotEmpty(validator.Validate(Ref("Groth16Proof"), proof.RootElement));
        using var signals = JsonDocument.Parse("""["01", "2"]""");
        Assert.NotEmpty(validator.Validate(Ref("PublicSignals"), signals.RootElement));
        using var unknownMember = JsonDocument.Parse("""{"circuit_id":"solvency","inputs":{"a":"1"},"extra":true}""");
        Assert.NotEmpty(validator.Validate(Ref("GenerateRequest"), unknownMember.RootElement));
        using var bothForms = JsonDocument.Parse("""{"circuit_id":"selective-disclosure","inputs":{"a":"1"},"credential_id":"ece65df5-19e9-4f36-bd36-b3910142f34c","nonce":"1"}""");
        Assert.NotEmpty(validator.Validate(Ref("GenerateRequest"), bothForms.RootElement));
        var undated = JsonNode.Parse(ExampleOf("GetCredential", "200").GetRawText())!;
        undated["validFrom"] = "yesterday";
        using var credential = JsonDocument.Parse(undated.ToJsonString());
        Assert.NotEmpty(validator.Validate(Ref("VerifiableCredential"), credential.RootElement));
        using var valid = JsonDocument.Parse(ExampleOf("GetCredential", "200").GetRawText());
        Assert.Empty(validator.Validate(Ref("VerifiableCredential"), valid.RootElement));
    }

    [Fact]
    public void No_body_is_untyped_and_the_json_the_endpoints_pass_through_has_its_own_schemas()
    {
        var schemas = Document.GetProperty("components").GetProperty("schemas");
        foreach (string placeholder in new[] { "JsonElement", "JsonText", "JsonObject", "JsonNode" })
        {
            Assert.False(schemas.TryGetProperty(placeholder, out _), $"the document still has the untyped schema {placeholder}");
        }
        Assert.DoesNotContain("JsonNode", host.Text, StringComparison.Ordinal);
        var untyped = new List<string>();
        FindUntyped(Document, "#", untyped);
        Assert.True(untyped.Count == 0, $"schemas that say nothing (any JSON): {string.Join(", ", untyped)}");

        Assert.Equal("#/components/schemas/Groth16Proof", NullableRef(schemas, "ProofResponse", "proof"));
        Assert.Equal("#/components/schemas/PublicSignals", NullableRef(schemas, "ProofResponse", "public_signals"));
        Assert.Equal("#/components/schemas/Presentation", NullableRef(schemas, "ProofResponse", "presentation"));
        Assert.Equal("#/components/schemas/CredentialDisclosure", NullableRef(schemas, "VerifyResponse", "credential"));
        Assert.Equal("#/components/schemas/CircuitInputs", Member(schemas, "GenerateRequest", "inputs").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/Groth16Proof", Member(schemas, "VerifyRequest", "proof").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/PublicSignals", Member(schemas, "VerifyRequest", "public_signals").GetProperty("$ref").GetString());
        Assert.Equal("#/components/schemas/Presentation", Member(schemas, "VerifyRequest", "presentation").GetProperty("$ref").GetString());
        foreach (var (operationId, status) in new[] { ("IssueCredential", "201"), ("GetCredential", "200"), ("RevokeCredential", "200") })
        {
            Assert.Equal("#/components/schemas/VerifiableCredential", ResponseSchema(host.Operation(operationId), status, "application/json").GetProperty("$ref").GetString());
        }
        Assert.Equal("#/components/schemas/VerificationKey", ResponseSchema(host.Operation("GetVerificationKey"), "200", "application/json").GetProperty("$ref").GetString());

        // Required members are marked: what a proof always has, what a request must give.
        Assert.Equal(["pi_a", "pi_b", "pi_c"], Required(schemas, "Groth16Proof"));
        Assert.Equal(["@context", "credentialSchema", "credentialStatus", "credentialSubject", "id", "issuer", "type", "validFrom", "validUntil"], Required(schemas, "VerifiableCredential"));
        Assert.Equal(["circuit_id"], Required(schemas, "GenerateRequest"));
        Assert.Equal(["attributes", "subject", "type"], Required(schemas, "IssueRequest"));
        Assert.Contains("presentation", Required(schemas, "ProofResponse"));
    }

    [Fact]
    public async Task The_services_answers_match_the_documented_schemas()
    {
        var api = new DocumentedCalls(host, Validator());
        await api.CallAsync("ListCircuits", HttpMethod.Get, "/circuits", null, HttpStatusCode.OK);
        await api.CallAsync("GetCircuit", HttpMethod.Get, "/circuits/solvency", null, HttpStatusCode.OK);
        await api.CallAsync("GetCircuit", HttpMethod.Get, "/circuits/no-such-circuit", null, HttpStatusCode.NotFound);
        await api.CallAsync("GetVerificationKey", HttpMethod.Get, "/circuits/selective-disclosure/verification_key", null, HttpStatusCode.OK);
        await api.CallAsync("ListIssuerKeys", HttpMethod.Get, "/credentials/issuer-keys", null, HttpStatusCode.OK);
        await api.CallAsync("Health", HttpMethod.Get, "/health", null, HttpStatusCode.OK);
        await api.CallAsync("Liveness", HttpMethod.Get, "/health/live", null, HttpStatusCode.OK);

        // A proof: made, read back, verified as given and by id; bad inputs are a problem document.
        string inputs = await File.ReadAllTextAsync(Repository.Path("circuits", "solvency", "example-input.json"));
        var made = await api.ProveAsync($$"""{"circuit_id":"solvency","inputs":{{inputs}}}""");
        string proofId = made.GetProperty("proof_id").GetString()!;
        await api.CallAsync("GetProof", HttpMethod.Get, $"/proofs/{proofId}", null, HttpStatusCode.OK);
        var verified = await api.CallAsync("VerifyProof", HttpMethod.Post, "/proofs/verify",
            $$"""{"circuit_id":"solvency","proof":{{made.GetProperty("proof").GetRawText()}},"public_signals":{{made.GetProperty("public_signals").GetRawText()}}}""", HttpStatusCode.OK);
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.GetRawText());
        await api.CallAsync("VerifyProof", HttpMethod.Post, "/proofs/verify", $$"""{"proof_id":"{{proofId}}"}""", HttpStatusCode.OK);
        await api.CallAsync("GenerateProof", HttpMethod.Post, "/proofs/generate", """{"circuit_id":"solvency","inputs":{"assets":"5"}}""", HttpStatusCode.BadRequest);

        // A credential: issued (with its values: the admin key holds credentials:read), read, presented, revoked.
        var issued = await api.CallAsync("IssueCredential", HttpMethod.Post, "/credentials", """
            {"subject":"did:example:holder-openapi","type":"DrivingLicence","expires_at":"2099-12-31",
             "attributes":[{"name":"name","type":"string","value":"Alice Example"},{"name":"birth_date","type":"date","value":"1990-05-17"},
                           {"name":"nationality","type":"string","value":"NLD"},{"name":"score","type":"integer","value":650},{"name":"licensed","type":"boolean","value":true}]}
            """, HttpStatusCode.Created);
        Assert.True(issued.TryGetProperty("proof", out _), "the admin key holds credentials:read: the credential comes with its signature");
        string credentialId = issued.GetProperty("id").GetString()!["urn:uuid:".Length..];
        await api.CallAsync("GetCredential", HttpMethod.Get, $"/credentials/{credentialId}", null, HttpStatusCode.OK);
        var challenge = await api.CallAsync("IssueChallenge", HttpMethod.Post, "/proofs/challenges", """{"lifetime_seconds":120}""", HttpStatusCode.OK);
        string nonce = challenge.GetProperty("nonce").GetString()!;
        var presented = await api.ProveAsync($$"""
            {"circuit_id":"selective-disclosure","credential_id":"{{credentialId}}","reveal_attributes":["nationality","licensed"],
             "predicates":[{"attribute":"birth_date","op":"age_at_least","value":18},{"attribute":"score","op":">=","value":600}],"nonce":"{{nonce}}"}
            """);
        var disclosed = await api.CallAsync("VerifyProof", HttpMethod.Post, "/proofs/verify", $$"""
            {"circuit_id":"selective-disclosure","proof":{{presented.GetProperty("proof").GetRawText()}},"public_signals":{{presented.GetProperty("public_signals").GetRawText()}},
             "nonce":"{{nonce}}","presentation":{{presented.GetProperty("presentation").GetRawText()}}}
            """, HttpStatusCode.OK);
        Assert.True(disclosed.GetProperty("valid").GetBoolean(), disclosed.GetRawText());
        Assert.Equal(JsonValueKind.Object, disclosed.GetProperty("credential").ValueKind);
        var revoked = await api.CallAsync("RevokeCredential", HttpMethod.Delete, $"/credentials/{credentialId}", null, HttpStatusCode.OK);
        Assert.True(revoked.GetProperty("credentialStatus").GetProperty("revoked").GetBoolean());
        await api.CallAsync("RevokeCredential", HttpMethod.Delete, $"/credentials/{Guid.NewGuid()}", null, HttpStatusCode.NotFound);

        await api.CallAsync("Stats", HttpMethod.Get, "/stats", null, HttpStatusCode.OK);
        await api.CallAsync("ProofMetrics", HttpMethod.Get, "/metrics/proofs", null, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Redocly_lints_the_served_document_without_errors()
    {
        string redocly = Repository.Path("node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run npm ci (package.json pins @redocly/cli)");
        using var directory = new TemporaryDirectory();
        string file = directory.File("openapi.json");
        await File.WriteAllTextAsync(file, host.Text);
        // From the repository root, so that its redocly.yaml (the rule set) applies.
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(redocly, ["lint", file, "--format=json"], Repository.Root,
            [new("REDOCLY_TELEMETRY", "off"), new("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")], timeout: TimeSpan.FromMinutes(2));
        int start = stdout.IndexOf('{', StringComparison.Ordinal);
        Assert.True(start >= 0, $"redocly printed no report (exit {exitCode}): {stdout}\n{stderr}");
        using var report = JsonDocument.Parse(stdout[start..]);
        var totals = report.RootElement.GetProperty("totals");
        var errors = report.RootElement.GetProperty("problems").EnumerateArray()
            .Where(p => p.GetProperty("severity").GetString() == "error")
            .Select(p => $"{p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}")
            .ToList();
        Assert.True(totals.GetProperty("errors").GetInt32() == 0 && errors.Count == 0, $"redocly lint: {string.Join("\n", errors)}");
        Assert.Equal(0, exitCode);
    }

    private OpenApiSchemaValidator Validator() => new(Document);

    private static JsonElement Ref(string component) => JsonDocument.Parse($$"""{"$ref":"#/components/schemas/{{component}}"}""").RootElement;

    private JsonElement ExampleOf(string operationId, string status) =>
        host.Operation(operationId).GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("example");

    /// <summary>The schema of an operation's response.</summary>
    internal static JsonElement ResponseSchema(JsonElement operation, string status, string mediaType) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty(mediaType).GetProperty("schema");

    /// <summary>A media type's examples: the one <c>example</c>, or each of <c>examples</c> by name.</summary>
    private static IEnumerable<(string Name, JsonElement Example)> Examples(JsonElement media)
    {
        if (media.TryGetProperty("example", out var example))
        {
            yield return ("example", example);
        }
        if (media.TryGetProperty("examples", out var examples))
        {
            foreach (var named in examples.EnumerateObject())
            {
                yield return (named.Name, named.Value.GetProperty("value"));
            }
        }
    }

    private static JsonElement Member(JsonElement schemas, string component, string member) =>
        schemas.GetProperty(component).GetProperty("properties").GetProperty(member);

    /// <summary>The reference of a member that is the component or null.</summary>
    private static string? NullableRef(JsonElement schemas, string component, string member)
    {
        var alternatives = Member(schemas, component, member).GetProperty("oneOf").EnumerateArray().ToList();
        Assert.Contains(alternatives, a => a.TryGetProperty("type", out var type) && type.GetString() == "null");
        return alternatives.Single(a => a.TryGetProperty("$ref", out _)).GetProperty("$ref").GetString();
    }

    private static string[] Required(JsonElement schemas, string component) =>
        [.. schemas.GetProperty(component).GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>Schemas that accept any JSON (<c>{}</c> or only a description) where a body, a member or an item is described.</summary>
    private static void FindUntyped(JsonElement node, string at, List<string> found)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in node.EnumerateArray())
            {
                FindUntyped(item, $"{at}/{i++}", found);
            }
            return;
        }
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var member in node.EnumerateObject())
        {
            string path = $"{at}/{member.Name}";
            bool isSchema = member.Name is "schema" or "items" || (member.Name == "additionalProperties" && member.Value.ValueKind == JsonValueKind.Object);
            if (isSchema && SaysNothing(member.Value))
            {
                found.Add(path);
            }
            if (member.Name == "properties" && member.Value.ValueKind == JsonValueKind.Object && !at.EndsWith("/properties", StringComparison.Ordinal))
            {
                foreach (var property in member.Value.EnumerateObject().Where(p => SaysNothing(p.Value)))
                {
                    found.Add($"{path}/{property.Name}");
                }
            }
            if (member.Name is not ("example" or "examples"))
            {
                FindUntyped(member.Value, path, found);
            }
        }
    }

    private static bool SaysNothing(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.EnumerateObject().All(m => m.Name is "description" or "title");
}
