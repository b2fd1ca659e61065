using System.Text.Json.Serialization;

namespace CredentialHub.Web;

/// <summary>
/// A JSON value kept as the text it was written as (a stored proof, its public signals), put into a response as that
/// value, compacted, token by token: no document is built to write it. The OpenAPI document gives each use its own schema
/// (the host's <c>OpenApi/BodySchemas</c>).
/// </summary>
[JsonConverter(typeof(JsonTextConverter))]
public sealed class JsonText
{
    public JsonText(string json) => Json = json;

    /// <summary>The JSON text.</summary>
    public string Json { get; }

    /// <summary>The text as a <see cref="JsonText"/>, or null for null.</summary>
    public static JsonText? From(string? json) => json is null ? null : new JsonText(json);

    public override string ToString() => Json;
}
