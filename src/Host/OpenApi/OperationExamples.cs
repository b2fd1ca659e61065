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
            ["200"] = """{"circuits":[{"id":"solvency","description":"Proves that the sum of eight private asset amounts (each below 2^64) is at least the sum of eight private liability amounts, and outputs a salted Poseidon commitment to both lists.","max_attributes":8,"security_level":"production","protocol":"groth16","curve":"bn128","public_signals":2,"inputs":[{"name":"assets","length":8,"bits":64,"decimal_only":true}],"max_request_bytes":1024,"sha256":{"wasm":"8ec55e76…","zkey":"34917004…","vkey":"aadd24be…"},"origin":"bundled","registered_at":null,"status":"in-service","out_of_service":null,"ceremony":{"verified":true,"statement":"the proving key was checked (zkey verify) to come from the powers-of-tau file local_phase1_14.ptau and this circuit's constraint system through the 3 contribution(s) listed; it is as safe as that ceremony and those contributions (one honest participant suffices)","powers_of_tau":{"file":"local_phase1_14.ptau","blake2b512":"90ec0dc0e771e2fcffb544da35c83fd253879a6a0c1d4248509f701e71a04d7538a9a8f7d3fe954232da7b789b64fd41de4a0348ed8b6afed5a318e1ed8db802","sha256":"bf96626f742fe9b6d85189b9267cb3cca40c89772aa51869bc62c91c9b7eb6a2","power":14,"ceremony_power":14,"contributions":3},"circuit_hash":"5e8c0b4d…","contributions":[{"name":"solvency build.sh contribution 1/2","kind":"contribution","hash":"a41f09e2…","beacon_hash":null,"iterations_exponent":null},{"name":"solvency build.sh contribution 2/2","kind":"contribution","hash":"0c7d5b13…","beacon_hash":null,"iterations_exponent":null},{"name":"solvency build.sh beacon","kind":"beacon","hash":"e9a2c4f8…","beacon_hash":"bd667153…","iterations_exponent":10}],"checked_at":"2026-12-07T18:00:00Z"}}]}""",
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
            ["200"] = """{"protocol":"groth16","curve":"bn128","nPublic":2,"vk_alpha_1":["9531014657175001653711765659479966460757118118949269633717724728360966728796","7565298096911524100143743214790406977508513740759045621274638823142236619808","1"],"vk_beta_2":[["11367608326125922241420674796581831231749188070789094229237578056505779944826","12532670078904004718460406057019930873634469953379722420049566602941278569959"],["6950985641955005036526216362406709302017162644374389122372760591934637963565","4790929260213672709987084068352247226580010660931886199907979438754410875086"],["1","0"]],"vk_gamma_2":[["10857046999023057135944570762232829481370756359578518086990519993285655852781","11559732032986387107991004021392285783925812861821192530917403151452391805634"],["8495653923123431417604973247489272438418190587263600148770280649306958101930","4082367875863433681332203403145435568316851327593401208105741076214120093531"],["1","0"]],"vk_delta_2":[["20230265253394011720218968644789803222868309800150545531957300135873821287508","20195360375500729567437477792951800367378788614932008940020943023648559907897"],["15835651282127826982335564903298274679524920287442713482648610817799602493277","1251430964862692393300857149306584286195179440739361641929532179663977036327"],["1","0"]],"vk_alphabeta_12":[[["13720321327330096217516865868896454515131229600861359249245134461050278084111","694111519478224453057798732808333684348288736164855721595281519763799261603"],["15231823807998902160468892596643119005387667703916647394010240971975216918682","8049285221850028699381765260097739916707395967575746528596625933626862373074"],["13677532355535701530142675765934890199893263873597983892224305038590357599258","7210063114861871249786577634420995317629152637611898522806875404887752260040"]],[["14171061399963054688884044292890060457380709815603862527060083103997179806308","11928520768689831812373786842025925352621367111782962494402236854218622031307"],["8148768297878686625376108460447514484583281693178063974135112147921096191972","19368439341365976127865796042634398504511597063500490884512701836935217071075"],["19486724877811152284931498747962508632713076080784553423101222824151203051307","7552645407744613645573192002544161921014231704535318875777269082407873494115"]]],"IC":[["7295981487254660780273048336652846731991314098202987451495830373467390535672","13878728692794044976277118014501701171904466273446922328906324958102827275043","1"],["2113399427126644095245255318577997255029040269324938178173450929507247295561","4754644837608566048310399610692035210825421126410781020591806729135141298890","1"],["2140021023599942898844734005577214651687633390492685510970170063235188167066","15531061573391979396093329955029329355184181432311966742331802914736819391837","1"]]}""",
        }),
        ["GetCircuit"] = (null, new()
        {
            ["200"] = """{"id":"solvency","description":"Proves that the sum of eight private asset amounts (each below 2^64) is at least the sum of eight private liability amounts, and outputs a salted Poseidon commitment to both lists.","max_attributes":8,"security_level":"production","protocol":"groth16","curve":"bn128","public_signals":2,"inputs":[{"name":"assets","length":8,"bits":64,"decimal_only":true},{"name":"liabilities","length":8,"bits":64,"decimal_only":true},{"name":"salt","length":1,"bits":null,"decimal_only":true},{"name":"institution_hash","length":1,"bits":null,"decimal_only":true}],"max_request_bytes":1024,"sha256":{"wasm":"8ec55e76dd2f20cfa271441ebd678203dcdd5b27f459887c3b55ae03b8669b75","zkey":"efcf361010d042b35d8fc820158a1aec0c27be3a63f1e4c443aafca93e9a17f4","vkey":"d1a256ee03dec5cfd9240cafac2952d31e4f6dd89ea92365458e8ff3ca067ca3"},"origin":"bundled","registered_at":null,"status":"in-service","out_of_service":null,"ceremony":{"verified":true,"statement":"the proving key was checked (zkey verify) to come from the powers-of-tau file local_phase1_14.ptau and this circuit's constraint system through the 3 contribution(s) listed; it is as safe as that ceremony and those contributions (one honest participant suffices)","powers_of_tau":{"file":"local_phase1_14.ptau","blake2b512":"90ec0dc0e771e2fcffb544da35c83fd253879a6a0c1d4248509f701e71a04d7538a9a8f7d3fe954232da7b789b64fd41de4a0348ed8b6afed5a318e1ed8db802","sha256":"bf96626f742fe9b6d85189b9267cb3cca40c89772aa51869bc62c91c9b7eb6a2","power":14,"ceremony_power":14,"contributions":3},"circuit_hash":"5e8c0b4d…","contributions":[{"name":"solvency build.sh contribution 1/2","kind":"contribution","hash":"a41f09e2…","beacon_hash":null,"iterations_exponent":null},{"name":"solvency build.sh contribution 2/2","kind":"contribution","hash":"0c7d5b13…","beacon_hash":null,"iterations_exponent":null},{"name":"solvency build.sh beacon","kind":"beacon","hash":"e9a2c4f8…","beacon_hash":"bd667153…","iterations_exponent":10}],"checked_at":"2026-12-07T18:00:00Z"}}""",
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
            ["201"] = """{"id":"solvency-copy","description":"Proves that the sum of eight private asset amounts (each below 2^64) is at least the sum of eight private liability amounts, and outputs a salted Poseidon commitment to both lists.","max_attributes":8,"security_level":"development","protocol":"groth16","curve":"bn128","public_signals":2,"inputs":[{"name":"assets","length":8,"bits":64,"decimal_only":true},{"name":"liabilities","length":8,"bits":64,"decimal_only":true},{"name":"salt","length":1,"bits":null,"decimal_only":true},{"name":"institution_hash","length":1,"bits":null,"decimal_only":true}],"max_request_bytes":1024,"sha256":{"wasm":"8ec55e76dd2f20cfa271441ebd678203dcdd5b27f459887c3b55ae03b8669b75","zkey":"efcf361010d042b35d8fc820158a1aec0c27be3a63f1e4c443aafca93e9a17f4","vkey":"d1a256ee03dec5cfd9240cafac2952d31e4f6dd89ea92365458e8ff3ca067ca3"},"origin":"registered","registered_at":"2026-11-21T15:00:00Z","status":"in-service","out_of_service":null,"ceremony":{"verified":false,"statement":"development circuit: its proving key was not checked to come from a trusted-setup ceremony; whoever made it may be able to forge proofs, so do not rely on its proofs in production","powers_of_tau":null,"circuit_hash":null,"contributions":[],"checked_at":null}}""",
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
