using System.Buffers.Binary;
using System.Net;
using System.Numerics;
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

    // The shipped circuits' sizes (their zkey headers): nVars (= the wasm's witness size) and nPublic.
    private const int SolvencyVars = 4064, SolvencyPublic = 2, DisclosureVars = 11626, DisclosurePublic = 42;

    public static TheoryData<string> MixedParts => new() { "disclosure-wasm-solvency-keys", "solvency-wasm-disclosure-keys", "disclosure-vkey", "disclosure-r1cs" };

    /// <summary>
    /// Issue 13: parts of two circuits uploaded together were registered and every later generate failed with "the witness
    /// has N values, the proving key expects M". Each mix is refused, naming the part and both numbers, and not served.
    /// </summary>
    [Theory]
    [MemberData(nameof(MixedParts))]
    public async Task Upload_mixing_two_circuits_parts_is_refused_naming_the_part_and_both_numbers(string mix)
    {
        string id = $"mixed-{mix}";
        byte[] configuration = CircuitFiles.ConfigurationWithId(id);
        byte[] wasm = CircuitFiles.Read("circuit.wasm"), zkey = CircuitFiles.Read("circuit_final.zkey"), vkey = CircuitFiles.Read("verification_key.json");
        (HttpContent content, string field, string detail) c = mix switch
        {
            "disclosure-wasm-solvency-keys" => (CircuitFiles.Upload(configuration, CircuitFiles.ReadDisclosure("circuit.wasm"), zkey, vkey), "wasm",
                $"circuit.wasm declares {DisclosureVars} witness values; the proving key (circuit_final.zkey) expects {SolvencyVars}"),
            "solvency-wasm-disclosure-keys" => (CircuitFiles.Upload(configuration, wasm, CircuitFiles.ReadDisclosure("circuit_final.zkey"), CircuitFiles.ReadDisclosure("verification_key.json")), "wasm",
                $"circuit.wasm declares {SolvencyVars} witness values; the proving key (circuit_final.zkey) expects {DisclosureVars}"),
            "disclosure-vkey" => (CircuitFiles.Upload(configuration, wasm, zkey, CircuitFiles.ReadDisclosure("verification_key.json")), "vkey",
                $"verification_key.json declares {DisclosurePublic} public signals; the proving key (circuit_final.zkey) has {SolvencyPublic}"),
            "disclosure-r1cs" => (CircuitFiles.Upload(configuration, wasm, zkey, vkey, CircuitFiles.ReadDisclosure("circuit.r1cs")), "r1cs",
                $"circuit.r1cs has {DisclosureVars} wires; the proving key has {SolvencyVars} signals (nVars)"),
            _ => throw new ArgumentOutOfRangeException(nameof(mix)),
        };

        var reply = await Api.SendAsync(Http, HttpMethod.Post, "/circuits", c.content);

        var problem = ProblemAssert.Problem(reply, HttpStatusCode.BadRequest, c.field);
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.True(detail.Contains(c.detail, StringComparison.Ordinal), $"expected the detail to say \"{c.detail}\": {reply}");
        var missing = await Api.GetAsync(Http, $"/circuits/{id}");
        Assert.True(missing.Status == HttpStatusCode.NotFound, $"a refused upload is served: {missing}");
        var generate = await Api.GenerateAsync(Http, id, Solvency.ExampleInputs());
        ProblemAssert.Problem(generate, HttpStatusCode.NotFound, "circuit_id");
    }

    [Fact]
    public async Task Upload_with_its_own_r1cs_is_registered_and_proves()
    {
        const string id = "solvency-with-r1cs";
        var created = await Api.SendAsync(Http, HttpMethod.Post, "/circuits", CircuitFiles.Upload(
            CircuitFiles.ConfigurationWithId(id), CircuitFiles.Read("circuit.wasm"), CircuitFiles.Read("circuit_final.zkey"), CircuitFiles.Read("verification_key.json"), CircuitFiles.Read("circuit.r1cs")));
        Assert.True(created.Status == HttpStatusCode.Created, $"POST /circuits with its r1cs: {created}");

        var job = await Api.ProveAsync(Http, id, Solvency.ExampleInputs());
        var verified = await Api.PostJsonAsync(Http, "/proofs/verify", new JsonObject { ["proof_id"] = job.GetProperty("proof_id").GetString() });
        Assert.True(verified.Status == HttpStatusCode.OK && verified.Json.GetProperty("valid").GetBoolean(), $"verify: {verified}");
    }

    /// <summary>
    /// A zkey with one coefficient changed still exports the same verification key and has the same sizes (its SHA-256 is
    /// simply that of the uploaded bytes); only its own r1cs can tell, and the refusal names the constraint.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Upload_of_a_zkey_with_a_changed_coefficient_and_its_r1cs_is_refused_naming_the_constraint(int matrix)
    {
        string id = $"solvency-changed-{(matrix == 0 ? "a" : "b")}";
        var (zkey, constraint, wire) = ChangeCoefficient(CircuitFiles.Read("circuit_final.zkey"), matrix);

        var reply = await Api.SendAsync(Http, HttpMethod.Post, "/circuits", CircuitFiles.Upload(
            CircuitFiles.ConfigurationWithId(id), CircuitFiles.Read("circuit.wasm"), zkey, CircuitFiles.Read("verification_key.json"), CircuitFiles.Read("circuit.r1cs")));

        var problem = ProblemAssert.Problem(reply, HttpStatusCode.BadRequest, "r1cs");
        string expected = $"circuit_final.zkey was not made for circuit.r1cs: constraint {constraint}: the {(matrix == 0 ? "A" : "B")} coefficient of wire {wire} is ";
        Assert.True(problem.GetProperty("detail").GetString()!.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}…\": {reply}");
        var missing = await Api.GetAsync(Http, $"/circuits/{id}");
        Assert.True(missing.Status == HttpStatusCode.NotFound, $"a refused upload is served: {missing}");
    }

    public static TheoryData<string> BadR1cs => new() { "truncated", "garbage", "two-billion-constraints", "zkey-as-r1cs", "empty" };

    [Theory]
    [MemberData(nameof(BadR1cs))]
    public async Task Upload_with_an_unreadable_r1cs_is_a_400_naming_the_r1cs(string damage)
    {
        byte[] r1cs = CircuitFiles.Read("circuit.r1cs");
        byte[] bytes = damage switch
        {
            "truncated" => r1cs[..(r1cs.Length * 2 / 3)],
            "garbage" => [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 + 3))],
            "two-billion-constraints" => WithR1csConstraintCount(r1cs, int.MaxValue),
            "zkey-as-r1cs" => CircuitFiles.Read("circuit_final.zkey"),
            "empty" => [],
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
        string id = $"solvency-r1cs-{damage}";
        var form = CircuitFiles.Upload(CircuitFiles.ConfigurationWithId(id), CircuitFiles.Read("circuit.wasm"), CircuitFiles.Read("circuit_final.zkey"), CircuitFiles.Read("verification_key.json"));
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "r1cs", "circuit.r1cs");

        var reply = await Api.SendAsync(Http, HttpMethod.Post, "/circuits", form);

        ProblemAssert.Problem(reply, HttpStatusCode.BadRequest, "r1cs");
        var missing = await Api.GetAsync(Http, $"/circuits/{id}");
        Assert.True(missing.Status == HttpStatusCode.NotFound, $"a refused upload is served: {missing}");
    }

    /// <summary>The zkey with the value of the middle section-4 entry (by row) of a matrix incremented; its row and wire.</summary>
    private static (byte[] Zkey, int Constraint, int Wire) ChangeCoefficient(byte[] zkey, int matrix)
    {
        int body = SectionBody(zkey, 4);
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(body));
        var entries = Enumerable.Range(0, count).Select(i => body + 4 + 44 * i)
            .Where(at => BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(at)) == matrix)
            .OrderBy(at => BinaryPrimitives.ReadUInt32LittleEndian(zkey.AsSpan(at + 4)))
            .ToList();
        int at = entries[entries.Count / 2];
        byte[] copy = (byte[])zkey.Clone();
        var r = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");
        var changed = (new BigInteger(copy.AsSpan(at + 12, 32), isUnsigned: true) + 1) % r;
        copy.AsSpan(at + 12, 32).Clear();
        changed.TryWriteBytes(copy.AsSpan(at + 12, 32), out _, isUnsigned: true);
        return (copy, (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at + 4)), (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at + 8)));
    }

    /// <summary>The r1cs with mConstraints (header offset 60: n8, prime, nWires, nPubOut, nPubIn, nPrvIn, u64 nLabels) replaced.</summary>
    private static byte[] WithR1csConstraintCount(byte[] r1cs, int count)
    {
        byte[] copy = (byte[])r1cs.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(SectionBody(r1cs, 1) + 60), count);
        return copy;
    }

    /// <summary>Where a section's body starts in an iden3 container (u32 id, u64 length per section after a 12-byte header).</summary>
    private static int SectionBody(byte[] file, int id)
    {
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8));
        int position = 12;
        for (int k = 0; k < count; k++)
        {
            int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(position + 4)));
            if ((int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position)) == id)
            {
                return position + 12;
            }
            position += 12 + length;
        }
        throw new InvalidOperationException($"no section {id}");
    }

    private static byte[] WithoutId()
    {
        var configuration = JsonNode.Parse(CircuitFiles.Read("circuit.json"))!.AsObject();
        configuration.Remove("id");
        return System.Text.Encoding.UTF8.GetBytes(configuration.ToJsonString());
    }
}
