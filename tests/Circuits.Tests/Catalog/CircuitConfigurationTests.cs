using System.Text;
using CredentialHub.Circuits.Catalog;
using CredentialHub.Circuits.Contracts;

namespace CredentialHub.Circuits.Tests.Catalog;

/// <summary>
/// circuit.json as the catalog reads it (bundled folders and uploads alike): the shipped configurations parse into
/// what they say, and a configuration that is wrong is refused naming the key at fault; SHA256SUMS as sha256sum writes it.
/// </summary>
public sealed class CircuitConfigurationTests
{
    private const string Valid = """
        { "id": "age-over-18", "description": "d", "wasm_file": "c.wasm", "zkey_file": "c.zkey", "vkey_file": "vk.json",
          "max_attributes": 0, "security_level": "production", "ptau_file": "pot14_final.ptau" }
        """;

    private static CircuitConfiguration Parse(string json) => CircuitConfiguration.Parse(Encoding.UTF8.GetBytes(json));

    /// <summary>The valid configuration with one key set (JSON text) or removed (null).</summary>
    private static string With(string key, string? json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Valid)!.AsObject();
        node.Remove(key);
        if (json is not null)
        {
            node[key] = System.Text.Json.Nodes.JsonNode.Parse(json);
        }
        return node.ToJsonString();
    }

    [Fact]
    public void The_shipped_solvency_configuration_parses_into_what_it_declares()
    {
        var configuration = CircuitConfiguration.Parse(File.ReadAllBytes(Repository.Path("circuits", "solvency", CircuitConfiguration.FileName)));

        Assert.Equal("solvency", configuration.Id);
        Assert.Equal(("circuit.wasm", "circuit_final.zkey", "verification_key.json", "circuit.r1cs"),
            (configuration.WasmFile, configuration.ZkeyFile, configuration.VkeyFile, configuration.R1csFile));
        Assert.Equal((8, "production", (int?)1024), (configuration.MaxAttributes, configuration.SecurityLevel, configuration.MaxRequestBytes));
        Assert.Equal(
            [new CircuitInput("assets", 8, 64, true), new CircuitInput("liabilities", 8, 64, true), new CircuitInput("salt", 1, null, true), new CircuitInput("institution_hash", 1, null, true)],
            configuration.Inputs);
    }

    [Fact]
    public void The_optional_keys_default_to_no_inputs_no_request_cap_and_no_r1cs()
    {
        var configuration = Parse(Valid);

        Assert.Empty(configuration.Inputs);
        Assert.Null(configuration.MaxRequestBytes);
        Assert.Null(configuration.R1csFile);
        Assert.Equal(("pot14_final.ptau", (string?)null), (configuration.PtauFile, configuration.PtauBlake2b512));
        Assert.Equal(new string('a', 128), Parse(With("ptau_blake2b512", $"\"{new string('A', 128)}\"")).PtauBlake2b512);
        var development = Parse(With("ptau_file", null).Replace("\"production\"", "\"development\"", StringComparison.Ordinal));
        Assert.Null(development.PtauFile);
        Assert.Equal(new CircuitInput("a", 1, null, false), Assert.Single(Parse(With("inputs", """{ "a": {} }""")).Inputs));
    }

    [Theory]
    [InlineData("id", null)]
    [InlineData("id", "\"Age_Over_18\"")]
    [InlineData("id", "\"-starts-with-a-dash\"")]
    [InlineData("id", "7")]
    [InlineData("description", "\"  \"")]
    [InlineData("security_level", "\"test\"")]
    [InlineData("max_attributes", "-1")]
    [InlineData("max_attributes", "\"8\"")]
    [InlineData("max_attributes", "1.5")]
    [InlineData("max_request_bytes", "63")]
    [InlineData("wasm_file", "\"../other/c.wasm\"")]
    [InlineData("zkey_file", "\"..\"")]
    [InlineData("vkey_file", "\"vk\\u0007.json\"")]
    [InlineData("r1cs_file", "\"/etc/c.r1cs\"")]
    [InlineData("ptau_file", "\"../ptau/pot14_final.ptau\"")]
    [InlineData("ptau_file", null)]
    [InlineData("ptau_blake2b512", "\"55c77ce8\"")]
    [InlineData("ptau_blake2b512", "\"0x55c77ce8562366c91e7cda394cf7b7c15a06c12d8c905e8b36ba9cf5e13eb37d1a429c589e8eaba4c591bc4b88a0e2828745a53e170eac300236f5c1a326f4\"")]
    [InlineData("inputs", "[]")]
    [InlineData("inputs.1x", "{ \"1x\": {} }")]
    [InlineData("inputs.a", "{ \"a\": 3 }")]
    [InlineData("inputs.a.length", "{ \"a\": { \"length\": 0 } }")]
    [InlineData("inputs.a.bits", "{ \"a\": { \"bits\": 254 } }")]
    [InlineData("inputs.a.decimal_only", "{ \"a\": { \"decimal_only\": \"yes\" } }")]
    public void A_wrong_key_is_refused_naming_it(string key, string? json)
    {
        string topLevel = key.Split('.')[0];
        var e = Assert.Throws<CircuitConfigurationException>(() => Parse(With(topLevel, json)));
        Assert.Equal(key, e.Key);
        Assert.StartsWith($"circuit.json: '{key}' ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "circuit.json is not valid JSON: ")]
    [InlineData("[1]", "circuit.json must be a JSON object")]
    [InlineData("""{ "id": "a", "id": "b" }""", "circuit.json is not valid JSON: ")]
    public void A_document_that_is_not_a_configuration_is_refused_as_a_whole(string json, string message)
    {
        var e = Assert.Throws<CircuitConfigurationException>(() => Parse(json));
        Assert.Equal("", e.Key);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_description_longer_than_1000_characters_is_refused()
    {
        Assert.NotNull(Parse(With("description", $"\"{new string('d', 1000)}\"")));
        var e = Assert.Throws<CircuitConfigurationException>(() => Parse(With("description", $"\"{new string('d', 1001)}\"")));
        Assert.Equal("description", e.Key);
    }

    [Fact]
    public void SHA256SUMS_lines_are_read_as_sha256sum_writes_them()
    {
        string a = new('A', 64), b = new('b', 64);
        var sums = Checksums.Parse($"{a}  circuit.wasm\r\n{b} *circuit.zkey\n\n");

        Assert.Equal(new string('a', 64), sums.Of("circuit.wasm"));
        Assert.Equal(b, sums.Of("circuit.zkey"));
        Assert.Null(sums.Of("verification_key.json"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("abc"u8)), Checksums.Sha256("abc"u8));
    }

    [Theory]
    [InlineData("{0}  a\nnot a line\n", "SHA256SUMS line 2 is not '<sha256>  <file>'")]
    [InlineData("{0}a\n", "SHA256SUMS line 1 is not '<sha256>  <file>'")]
    [InlineData("{0}  a\n{0}  a\n", "SHA256SUMS lists a twice")]
    public void A_malformed_SHA256SUMS_is_refused_naming_the_line(string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => Checksums.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, text, new string('0', 64))));
        Assert.Equal(message, e.Message);
    }
}
