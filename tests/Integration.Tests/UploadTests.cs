using System.Net;
using System.Text.Json.Nodes;
using CredentialHub.Integration.Tests.Support;

namespace CredentialHub.Integration.Tests;

// 6 (upload). Registering a circuit from uploaded artifacts.
public sealed partial class MainHostTests
{
    [Fact]
    public async Task Uploaded_circuit_is_listed_and_proves_and_its_id_cannot_be_reused()
    {
        const string id = "solvency-copy";
        var created = await Api.SendAsync(Http, HttpMethod.Post, "/circuits", CircuitFiles.Upload(id));
        Assert.True(created.Status == HttpStatusCode.Created, $"POST /circuits: {created}");
        Assert.Equal(id, created.String("id"));
        Assert.Equal("registered", created.String("origin"));

        var list = await Api.GetAsync(Http, "/circuits");
        Assert.True(list.Status == HttpStatusCode.OK, $"GET /circuits: {list}");
        var ids = list.Json.GetProperty("circuits").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Contains(id, ids);
        Assert.Contains(Solvency.Id, ids);
        var one = await Api.GetAsync(Http, $"/circuits/{id}");
        Assert.True(one.Status == HttpStatusCode.OK, $"GET /circuits/{id}: {one}");

        var job = await Api.ProveAsync(Http, id, Solvency.ExampleInputs());
        Assert.Equal(id, job.GetProperty("circuit_id").GetString());
        var verified = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject { ["proof_id"] = job.GetProperty("proof_id").GetString() });
        Assert.True(verified.Status == HttpStatusCode.OK && verified.Json.GetProperty("valid").GetBoolean(), $"verify: {verified}");

        var again = await Api.SendAsync(Http, HttpMethod.Post, "/circuits", CircuitFiles.Upload(id));
        ProblemAssert.Problem(again, HttpStatusCode.Conflict, "configuration.id");

        var bundledId = await Api.SendAsync(Http, HttpMethod.Post, "/circuits", CircuitFiles.Upload(Solvency.Id));
        ProblemAssert.Problem(bundledId, HttpStatusCode.Conflict, "configuration.id");
    }

    public static TheoryData<string> MismatchedKeys => new() { "one-digit-changed", "ic-points-swapped" };

    [Theory]
    [MemberData(nameof(MismatchedKeys))]
    public async Task Upload_whose_zkey_does_not_match_its_vkey_is_refused_naming_vkey(string change)
    {
        var key = JsonNode.Parse(CircuitFiles.Read("verification_key.json"))!.AsObject();
        if (change == "one-digit-changed")
        {
            string x = key["vk_alpha_1"]![0]!.GetValue<string>();
            key["vk_alpha_1"]![0] = x[..^1] + (x[^1] == '1' ? '2' : '1');
        }
        else
        {
            var ic = key["IC"]!.AsArray();
            var first = ic[1]!.DeepClone();
            ic[1] = ic[2]!.DeepClone();
            ic[2] = first;
        }
        string id = $"solvency-badkey-{change}";
        var reply = await Api.SendAsync(Http, HttpMethod.Post, "/circuits", CircuitFiles.Upload(id, System.Text.Encoding.UTF8.GetBytes(key.ToJsonString())));

        ProblemAssert.Problem(reply, HttpStatusCode.BadRequest, "vkey");
        var missing = await Api.GetAsync(Http, $"/circuits/{id}");
        Assert.True(missing.Status == HttpStatusCode.NotFound, $"a refused upload is served: {missing}");
    }

    public static TheoryData<string> BadUploads => new()
    {
        "id-with-path", "id-upper-case", "configuration-not-json", "configuration-without-id", "missing-wasm", "missing-vkey",
        "wasm-not-wasm", "zkey-not-zkey", "vkey-not-json", "not-multipart",
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Bad_upload_is_refused_naming_the_part(string name)
    {
        byte[] wasm = CircuitFiles.Read("circuit.wasm"), zkey = CircuitFiles.Read("circuit_final.zkey"), vkey = CircuitFiles.Read("verification_key.json");
        byte[] garbage = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 3))];
        string id = $"solvency-bad-{name}";
        (HttpContent content, HttpStatusCode status, string field) c = name switch
        {
            "id-with-path" => (CircuitFiles.Upload(CircuitFiles.ConfigurationWithId("../evil"), wasm, zkey, vkey), HttpStatusCode.BadRequest, "configuration.id"),
            "id-upper-case" => (CircuitFiles.Upload(CircuitFiles.ConfigurationWithId("Solvency-Upper"), wasm, zkey, vkey), HttpStatusCode.BadRequest, "configuration.id"),
            "configuration-not-json" => (CircuitFiles.Upload("{ not json"u8.ToArray(), wasm, zkey, vkey), HttpStatusCode.BadRequest, "configuration"),
            "configuration-without-id" => (CircuitFiles.Upload(WithoutId(), wasm, zkey, vkey), HttpStatusCode.BadRequest, "configuration.id"),
            "missing-wasm" => (CircuitFiles.Upload(CircuitFiles.ConfigurationWithId(id), null, zkey, vkey), HttpStatusCode.BadRequest, "wasm"),
            "missing-vkey" => (CircuitFiles.Upload(CircuitFiles.ConfigurationWithId(id), wasm, zkey, null), HttpStatusCode.BadRequest, "vkey"),
            "wasm-not-wasm" => (CircuitFiles.Upload(CircuitFiles.ConfigurationWithId(id), garbage, zkey, vkey), HttpStatusCode.BadRequest, "wasm"),
            "zkey-not-zkey" => (CircuitFiles.Upload(CircuitFiles.ConfigurationWithId(id), wasm, garbage, vkey), HttpStatusCode.BadRequest, "zkey"),
            "vkey-not-json" => (CircuitFiles.Upload(CircuitFiles.ConfigurationWithId(id), wasm, zkey, "{ \"protocol\": "u8.ToArray()), HttpStatusCode.BadRequest, "vkey"),
            "not-multipart" => (new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.UnsupportedMediaType, "content-type"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var reply = await Api.SendAsync(Http, HttpMethod.Post, "/circuits", c.content);

        ProblemAssert.Problem(reply, c.status, c.field);
        var list = await Api.GetAsync(Http, "/circuits");
        Assert.DoesNotContain(id, list.Body, StringComparison.Ordinal);
    }

    private static byte[] WithoutId()
    {
        var configuration = JsonNode.Parse(CircuitFiles.Read("circuit.json"))!.AsObject();
        configuration.Remove("id");
        return System.Text.Encoding.UTF8.GetBytes(configuration.ToJsonString());
    }
}
