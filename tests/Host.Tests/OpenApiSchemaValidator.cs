using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace CredentialHub.Host.Tests;

/// <summary>
/// Validates JSON against a schema of an OpenAPI 3.1 document with JsonSchema.Net. OpenAPI 3.1 schemas are JSON Schema
/// draft 2020-12: each schema is checked as one schema resource whose <c>$defs</c> are the document's component schemas
/// (their <c>#/components/schemas/…</c> references pointed there). Formats are asserted, OpenAPI's numeric ones too
/// (int32, int64, double); <c>binary</c> (a file part) says nothing about JSON.
/// </summary>
internal sealed class OpenApiSchemaValidator
{
    private const string ComponentPrefix = "#/components/schemas/";

    private static readonly FormatRegistry OpenApiFormats = Formats();

    private readonly JsonNode _definitions;

    private int _built;

    public OpenApiSchemaValidator(JsonElement document)
    {
        var schemas = document.GetProperty("components").GetProperty("schemas");
        _definitions = Rewrite(JsonNode.Parse(schemas.GetRawText())!);
    }

    /// <summary>Whether a component schema of this name exists.</summary>
    public bool HasComponent(string name) => _definitions.AsObject().ContainsKey(name);

    /// <summary>The reasons <paramref name="instance"/> does not match <paramref name="schema"/>; none when it does.</summary>
    public IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _definitions.DeepClone(),
            ["allOf"] = new JsonArray(Rewrite(JsonNode.Parse(schema.GetRawText())!)),
        };
        // Each schema resource has its own base URI: the registry keeps every one it built.
        var baseUri = new Uri($"https://credentialhub.invalid/openapi/{Interlocked.Increment(ref _built)}/{Guid.NewGuid():N}");
        var built = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, baseUri);
        var results = built.Evaluate(instance, new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
            FormatRegistry = OpenApiFormats,
        });
        if (results.IsValid)
        {
            return [];
        }
        return [.. (results.Details ?? []).Where(d => !d.IsValid && d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .DefaultIfEmpty("does not match (no detail)")];
    }

    /// <summary>The node with its component references pointing into <c>$defs</c>.</summary>
    private static JsonNode Rewrite(JsonNode node) =>
        JsonNode.Parse(node.ToJsonString().Replace($"\"{ComponentPrefix}", "\"#/$defs/", StringComparison.Ordinal))!;

    private static FormatRegistry Formats()
    {
        var registry = new FormatRegistry();
        registry.Register(new PredicateFormat("int32", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt32(out _)));
        registry.Register(new PredicateFormat("int64", e => e.ValueKind != JsonValueKind.Number || e.TryGetInt64(out _)));
        registry.Register(new PredicateFormat("double", e => e.ValueKind != JsonValueKind.Number || double.IsFinite(e.GetDouble())));
        registry.Register(new PredicateFormat("binary", _ => true));
        return registry;
    }

    /// <summary>For messages: the instance, shortened.</summary>
    public static string Show(JsonElement instance)
    {
        string text = instance.GetRawText();
        return text.Length <= 300 ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..300]}… ({text.Length} characters)");
    }
}
