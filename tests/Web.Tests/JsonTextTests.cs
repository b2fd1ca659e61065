using System.Text.Json;
using CredentialHub.Web;

namespace CredentialHub.Web.Tests;

/// <summary>JSON kept as text is written into a response exactly as the parsed element would be, compacted.</summary>
public sealed class JsonTextTests
{
    private sealed record Holder(JsonText? Value, JsonElement? Element);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Theory]
    [InlineData("{\n \"pi_a\": [\n  \"1\",\n  \"2\",\n  \"1\"\n ],\n \"protocol\": \"groth16\"\n}")]
    [InlineData("[\n \"17528896923544514062253862308709037130684856546136822218834208998571681420032\",\n \"9\"\n]")]
    [InlineData("""{"schema":{"type":"Pass","attributes":[{"name":"a_b","type":"date"}]},"n":-1.5e3,"t":true,"f":false,"z":null}""")]
    [InlineData("""{"esc\u0041ped":"<tag> & \"quote\" \u00e9 \ud83d\ude00","e":[],"o":{}}""")]
    public void Text_is_written_as_the_element_it_holds(string json)
    {
        using var document = JsonDocument.Parse(json);
        string expected = JsonSerializer.Serialize(new Holder(null, document.RootElement.Clone()), Options).Replace("\"value\":null,\"element\"", "\"value\"", StringComparison.Ordinal);
        string written = JsonSerializer.Serialize(new Holder(new JsonText(json), null), Options).Replace(",\"element\":null", "", StringComparison.Ordinal);
        Assert.Equal(expected, written);
    }

    [Fact]
    public void Null_text_is_null_and_a_value_reads_back_as_text()
    {
        Assert.Null(JsonText.From(null));
        Assert.Equal("{\"value\":null,\"element\":null}", JsonSerializer.Serialize(new Holder(null, null), Options));
        var read = JsonSerializer.Deserialize<Holder>("""{"value":{"a":[1,"x"]}}""", Options)!;
        Assert.Equal("""{"a":[1,"x"]}""", read.Value!.Json);
    }
}
