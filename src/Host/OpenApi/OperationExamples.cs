using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CredentialHub.Host.OpenApi;

/// <summary>
/// Request and response examples by operation id (the endpoints' names). A request with several forms has one named
/// example per form. Every example must validate against its schema (tests/Host.Tests checks it).
/// </summary>
internal sealed class OperationExamples : IOpenApiOperationTransformer
{
    private const string ProofExample = """
        {"pi_a":["8773846582772866762048683645365204499946432042799112139946195470506669404093","16042277890311517220857661517109662928563569738588157070954684367853871495101","1"],
         "pi_b":[["18807714600070408112865535695655460717282204967076061902888390859145898922212","6982241495189713107062574451970251524262728752707601940777124871961365201852"],["9558038510913800832820161737245145010909687470415104905728776816755763862199","15590911770941456661884052904061612851248910933376790612922449542314729069589"],["1","0"]],
         "pi_c":["12024645978186041077603027257878751450002086882225230841007203038039187648315","17344145720548658602967515984485874781860875824796120801759184959531881556688","1"],
         "protocol":"groth16","curve":"bn128"}
        """;

    private const string PublicExample = """["17528896923544514062253862308709037130684856546136822218834208998571681420032","9060008159251157464131624822914499583245689551817690021764996682452381300790"]""";

    private static readonly Dictionary<string, (Dictionary<string, string>? Requests, Dictionary<string, string> Responses)> Examples = new(StringComparer.Ordinal)
    {
        ["GenerateProof"] = (
            new()
            {
                ["inputs"] = """
            {"circuit_id":"solvency","inputs":{
              "assets":["18446744073709551615","1000000000000000000","0","5","123456789","7","0","42"],
              "liabilities":["18446744073709551615","999999999999999999","7","0","123456789","0","0","0"],
              "salt":"2937948731398700224484279298599509763998961764769148332105106151991613345306",
              "institution_hash":"9060008159251157464131624822914499583245689551817690021764996682452381300790"}}
            """,
                ["credential"] = """
            {"circuit_id":"selective-disclosure","credential_id":"ece65df5-19e9-4f36-bd36-b3910142f34c","reveal_attributes":["nationality"],
             "predicates":[{"attribute":"birth_date","op":"age_at_least","value":18}],"nonce":"283960472190572385329457328459023498572349857230985723098475"}
            """,
            },
            new()
            {
                ["200"] = $$"""{"proof_id":"f8d207a5-e7bb-4919-94cd-c809bf7c1868","circuit_id":"solvency","status":"succeeded","proof":{{ProofExample}},"public_signals":{{PublicExample}},"error":null,"created_at":"2026-11-21T15:00:00Z","completed_at":"2026-11-21T15:00:00.23Z","witness_ms":9.5,"prove_ms":190.2,"presentation":null}""",
                ["202"] = """{"proof_id":"f8d207a5-e7bb-4919-94cd-c809bf7c1868","circuit_id":"solvency","status":"queued","proof":null,"public_signals":null,"error":null,"created_at":"2026-11-21T15:00:00Z","completed_at":null,"witness_ms":null,"prove_ms":null,"presentation":null}""",
                ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Invalid inputs","status":400,"detail":"inputs.assets[3] must lie in [0, 2^64)","field":"inputs.assets[3]"}""",
                ["503"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.6.4","title":"Busy","status":503,"detail":"every proof worker is busy and the queue is full; retry later","field":"body"}""",
            }),
        ["VerifyProof"] = (
            new()
            {
                ["proof"] = $$"""{"circuit_id":"solvency","proof":{{ProofExample}},"public_signals":{{PublicExample}}}""",
                ["stored-proof"] = """{"proof_id":"f8d207a5-e7bb-4919-94cd-c809bf7c1868"}""",
            },
            new()
            {
                ["200"] = """{"valid":true,"reason":null,"circuit_id":"solvency","proof_id":null,"verification_id":"b93086a1-8f1f-493a-88d3-bfdc7b11376c","credential":null}""",
                ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Malformed proof","status":400,"detail":"$.pi_a[0]: not a decimal number","field":"proof.pi_a[0]"}""",
            }),
        ["GetProof"] = (null, new()
        {
            ["200"] = $$"""{"proof_id":"f8d207a5-e7bb-4919-94cd-c809bf7c1868","circuit_id":"solvency","status":"succeeded","proof":{{ProofExample}},"public_signals":{{PublicExample}},"error":null,"created_at":"2026-11-21T15:00:00Z","completed_at":"2026-11-21T15:00:00.23Z","witness_ms":9.5,"prove_ms":190.2,"presentation":null}""",
            ["404"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Unknown proof","status":404,"detail":"there is no proof f8d207a5-e7bb-4919-94cd-c809bf7c1868","field":"id"}""",
        }),
        ["ListCircuits"] = (null, new()
        {
            ["200"] = """{"circuits":[{"id":"solvency","description":"Proves that the sum of eight private asset amounts (each below 2^64) is at least the sum of eight private liability amounts, and outputs a salted Poseidon commitment to both lists.","max_attributes":8,"security_level":"production","protocol":"groth16","curve":"bn128","public_signals":2,"inputs":[{"name":"assets","length":8,"bits":64,"decimal_only":true}],"max_request_bytes":1024,"sha256":{"wasm":"8ec55e76…","zkey":"34917004…","vkey":"aadd24be…"},"origin":"bundled","registered_at":null,"status":"in-service","out_of_service":null,"ceremony":{"verified":true,"statement":"the proving key was checked (zkey verify) to come from the powers-of-tau file local_phase1_14.ptau and this circuit's constraint system through the 3 contribution(s) listed; it is as safe as that ceremony and those contributions (one honest participant suffices)","powers_of_tau":{"file":"local_phase1_14.ptau","blake2b512":"3c1d7f0a…","sha256":"9b2e41c7…","power":14,"ceremony_power":14,"contributions":3},"circuit_hash":"5e8c0b4d…","contributions":[{"name":"solvency build.sh contribution 1/2","kind":"contribution","hash":"a41f09e2…","beacon_hash":null,"iterations_exponent":null},{"name":"solvency build.sh contribution 2/2","kind":"contribution","hash":"0c7d5b13…","beacon_hash":null,"iterations_exponent":null},{"name":"solvency build.sh beacon","kind":"beacon","hash":"e9a2c4f8…","beacon_hash":"8f3c2b…","iterations_exponent":10}],"checked_at":"2026-12-07T18:00:00Z"}}]}""",
        }),
        ["Health"] = (null, new()
        {
            ["200"] = """{"status":"healthy","duration_ms":3.1,"checks":{"circuits":{"status":"healthy","description":"1 circuit(s)","data":{"circuits":[{"id":"solvency","origin":"bundled","security_level":"production","integrity":"verified","ceremony":"verified","key":"loaded","status":"in-service"}],"refused":[],"out_of_service":[]}},"proof_systems":{"status":"healthy","description":"1 proof system(s)","data":{"proof_systems":["groth16-bn254"],"plugins":[{"folder":"groth16-bn254","id":"groth16-bn254","version":"0.1.0","status":"loaded","error":null}]}}}}""",
        }),
        ["Liveness"] = (null, new()
        {
            ["200"] = """{"status":"healthy","duration_ms":0,"checks":{}}""",
        }),
        ["GetVerificationKey"] = (null, new()
        {
            ["200"] = """{"protocol":"groth16","curve":"bn128","nPublic":2,"vk_alpha_1":["13167063550042695133465714030831186462045140175609337948929216531100354073800","7417326490704090085902192011766022550104490801245389163773755534429642246215","1"],"vk_beta_2":[["16993588413683056068594489270811296341066837376695923457057156323971034860729","4485591486273319265640128498979828623903976482485236484924429999769426050580"],["4897327044627796033446434545197771826472722954986689242967513215680829914506","3029809314488481914104413880887205397433492871001594024105535452738779127263"],["1","0"]],"vk_gamma_2":[["10857046999023057135944570762232829481370756359578518086990519993285655852781","11559732032986387107991004021392285783925812861821192530917403151452391805634"],["8495653923123431417604973247489272438418190587263600148770280649306958101930","4082367875863433681332203403145435568316851327593401208105741076214120093531"],["1","0"]],"vk_delta_2":[["18143223760934433160683387060509475123933850613656504437721494025084765016729","7284202210675209176318310828999657134496081064951979520629612720780799116824"],["19620435339898192337480884181905725273861438636612838865711559564258912775457","1167854659915192663075011689202365484032842395433692052333592824912973108270"],["1","0"]],"vk_alphabeta_12":[[["2460215155509338852681526541563634934754464429187107843259928418342231630997","15585620172567599559184715149245098444830426308618647034998619035359877527998"],["9436245091982131598121756682421007740947355442406266249931703524548679698601","6244161197568181253370297614205569422801073632853787443482068606554154213740"],["21739382979876083239738741047328548742375027674146823013770467681657519401872","10539362546172527350815571543753123899004353938930360159231400835970228663083"]],[["17151488987049501832334625619666574784709238088236197358863781673626874733220","2057211849203154769485843795290940939422014424653490790059425147219087532589"],["14945638600461943349773076145429104308188210052190753591501773075684889551933","16023676977299654140589445887778937878502203003637393698495736875569936650564"],["5875482252178524639623339859319545756337312903130390677099149660545255030356","5445278790729566732988456006827165605506889980725245920493848315300858181106"]]],"IC":[["3334617954221309188223892705910720410878435774683198998740684886672479500821","5101814035212563270826828137525369175916766574605526210985632856545831050379","1"],["17861458267019850241743053041330170609899122785345573293833200580910654169508","13813228476708215286930444587351623546927897993695108726227903186910032404581","1"],["16594535738868198226158088634912516460867632182202851786925531833788167780418","16288372509087532882611257286376312086082211207792886815694902078696750407524","1"]]}""",
        }),
        ["GetCircuit"] = (null, new()
        {
            ["200"] = """{"id":"solvency","description":"Proves that the sum of eight private asset amounts (each below 2^64) is at least the sum of eight private liability amounts, and outputs a salted Poseidon commitment to both lists.","max_attributes":8,"security_level":"production","protocol":"groth16","curve":"bn128","public_signals":2,"inputs":[{"name":"assets","length":8,"bits":64,"decimal_only":true},{"name":"liabilities","length":8,"bits":64,"decimal_only":true},{"name":"salt","length":1,"bits":null,"decimal_only":true},{"name":"institution_hash","length":1,"bits":null,"decimal_only":true}],"max_request_bytes":1024,"sha256":{"wasm":"8ec55e76dd2f20cfa271441ebd678203dcdd5b27f459887c3b55ae03b8669b75","zkey":"349170046d8caa3e543e32da2bd85b0fbf2c9bbfaacc856c8c8fa73dddef2b16","vkey":"aadd24be57b2f5f7b083213d0fe2768a0db1c777f406c630a4b9f89b0c970f23"},"origin":"bundled","registered_at":null,"status":"in-service","out_of_service":null,"ceremony":{"verified":true,"statement":"the proving key was checked (zkey verify) to come from the powers-of-tau file local_phase1_14.ptau and this circuit's constraint system through the 3 contribution(s) listed; it is as safe as that ceremony and those contributions (one honest participant suffices)","powers_of_tau":{"file":"local_phase1_14.ptau","blake2b512":"3c1d7f0a…","sha256":"9b2e41c7…","power":14,"ceremony_power":14,"contributions":3},"circuit_hash":"5e8c0b4d…","contributions":[{"name":"solvency build.sh contribution 1/2","kind":"contribution","hash":"a41f09e2…","beacon_hash":null,"iterations_exponent":null},{"name":"solvency build.sh contribution 2/2","kind":"contribution","hash":"0c7d5b13…","beacon_hash":null,"iterations_exponent":null},{"name":"solvency build.sh beacon","kind":"beacon","hash":"e9a2c4f8…","beacon_hash":"8f3c2b…","iterations_exponent":10}],"checked_at":"2026-12-07T18:00:00Z"}}""",
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
        ["IssueChallenge"] = (new() { ["defaults"] = "{}", ["shorter-lifetime"] = """{"lifetime_seconds":60}""" }, new()
        {
            ["200"] = """{"nonce":"283960472190572385329457328459023498572349857230985723098475","expires_at":"2026-11-21T17:05:00Z"}""",
            ["401"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Not authenticated","status":401,"detail":"this endpoint needs an API key (X-API-Key: chk_…) or a bearer token (Authorization: Bearer …)","field":"authorization"}""",
        }),
        ["IssueCredential"] = (
            new()
            {
                ["credential"] = """
            {"subject":"did:example:alice","type":"DrivingLicence","expires_at":"2027-11-21",
             "attributes":[{"name":"name","type":"string","value":"Alice Example"},{"name":"birth_date","type":"date","value":"1990-05-17"},
                           {"name":"nationality","type":"string","value":"NLD"},{"name":"score","type":"integer","value":650}]}
            """,
            },
            new()
            {
                ["201"] = """{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c","type":["VerifiableCredential","DrivingLicence"],"issuer":{"id":"urn:credentialhub:issuer:f915c562-b764-4edb-a842-56e1343da832","publicKey":{"type":"BabyJubJubEdDSAPoseidon","x":"7235282721280162802899455973530078842988461865002324483232098494391905530628","y":"11886691061249308404755973843155631384535889079646099895040449030392715270875"}},"validFrom":"2026-11-21T16:55:22Z","validUntil":"2027-11-21T23:59:59Z","credentialSubject":{},"credentialSchema":{"id":"urn:credentialhub:schema:11261692787590907166867234651506519859813059070411902597474776761257592774063","type":"CredentialHubAttributeSchema","attributes":[{"name":"name","type":"string","slot":0},{"name":"birth_date","type":"date","slot":1},{"name":"nationality","type":"string","slot":2},{"name":"score","type":"integer","slot":3}]},"credentialStatus":{"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c#status","type":"CredentialHubRevocationStatus","revoked":false}}""",
                ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Invalid credential","status":400,"detail":"the value of attribute 'birth_date' must be a date written YYYY-MM-DD","field":"attributes[1].value"}""",
            }),
        ["GetCredential"] = (null, new()
        {
            ["200"] = """{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c","type":["VerifiableCredential","DrivingLicence"],"issuer":{"id":"urn:credentialhub:issuer:f915c562-b764-4edb-a842-56e1343da832","publicKey":{"type":"BabyJubJubEdDSAPoseidon","x":"7235282721280162802899455973530078842988461865002324483232098494391905530628","y":"11886691061249308404755973843155631384535889079646099895040449030392715270875"}},"validFrom":"2026-11-21T16:55:22Z","validUntil":"2027-11-21T23:59:59Z","credentialSubject":{"id":"did:example:alice","name":"Alice Example","birth_date":"1990-05-17","nationality":"NLD","score":650},"credentialSchema":{"id":"urn:credentialhub:schema:11261692787590907166867234651506519859813059070411902597474776761257592774063","type":"CredentialHubAttributeSchema","attributes":[{"name":"name","type":"string","slot":0},{"name":"birth_date","type":"date","slot":1},{"name":"nationality","type":"string","slot":2},{"name":"score","type":"integer","slot":3}]},"credentialStatus":{"id":"urn:uuid:ece65df5-19e9-4f36-bd36-b3910142f34c#status","type":"CredentialHubRevocationStatus","revoked":false},"proof":{"type":"CredentialHubEdDSAPoseidon","verificationMethod":"urn:credentialhub:issuer:f915c562-b764-4edb-a842-56e1343da832","message":"Poseidon(Poseidon(slots[0..15]), expires_at)","proofValue":{"r8x":"1766352489364584402716237812344155378373404839128963428702906434917413925390","r8y":"17034236478452384516426934871307232419543924812612612474359312633474326232815","s":"2137818396728392736183957734098290847309823870238472098471928301928371928"}}}""",
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
            ["201"] = """{"id":"solvency-copy","description":"Proves that the sum of eight private asset amounts (each below 2^64) is at least the sum of eight private liability amounts, and outputs a salted Poseidon commitment to both lists.","max_attributes":8,"security_level":"development","protocol":"groth16","curve":"bn128","public_signals":2,"inputs":[{"name":"assets","length":8,"bits":64,"decimal_only":true},{"name":"liabilities","length":8,"bits":64,"decimal_only":true},{"name":"salt","length":1,"bits":null,"decimal_only":true},{"name":"institution_hash","length":1,"bits":null,"decimal_only":true}],"max_request_bytes":1024,"sha256":{"wasm":"8ec55e76dd2f20cfa271441ebd678203dcdd5b27f459887c3b55ae03b8669b75","zkey":"349170046d8caa3e543e32da2bd85b0fbf2c9bbfaacc856c8c8fa73dddef2b16","vkey":"aadd24be57b2f5f7b083213d0fe2768a0db1c777f406c630a4b9f89b0c970f23"},"origin":"registered","registered_at":"2026-11-21T15:00:00Z","status":"in-service","out_of_service":null,"ceremony":{"verified":false,"statement":"development circuit: its proving key was not checked to come from a trusted-setup ceremony; whoever made it may be able to forge proofs, so do not rely on its proofs in production","powers_of_tau":null,"circuit_hash":null,"contributions":[],"checked_at":null}}""",
            ["400"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.1","title":"Circuit refused","status":400,"detail":"circuit 'demo': circuit_final.zkey does not match verification_key.json: the verification key exported from the proving key differs","field":"vkey"}""",
            ["409"] = """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Circuit already registered","status":409,"detail":"circuit 'demo' is already registered; a registered circuit is immutable, register the new version under a new id","field":"configuration.id"}""",
        }),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is not { } id || !Examples.TryGetValue(id, out var examples))
        {
            return Task.CompletedTask;
        }
        if (examples.Requests is { } requests && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values)
            {
                if (requests.Count == 1)
                {
                    media.Example = JsonNode.Parse(requests.Values.Single());
                }
                else
                {
                    media.Examples = requests.ToDictionary(
                        r => r.Key,
                        r => (IOpenApiExample)new OpenApiExample { Summary = r.Key.Replace('-', ' '), Value = JsonNode.Parse(r.Value) },
                        StringComparer.Ordinal);
                }
            }
        }
        foreach (var (status, body) in examples.Responses)
        {
            if (operation.Responses is null || !operation.Responses.TryGetValue(status, out var response) || response.Content is not { } mediaTypes)
            {
                throw new InvalidOperationException($"OpenAPI: operation {id} has no response {status} for its example");
            }
            foreach (var media in mediaTypes.Values)
            {
                media.Example = JsonNode.Parse(body);
            }
        }
        return Task.CompletedTask;
    }
}
