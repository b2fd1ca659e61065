using System.Text.Json;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16;

/// <summary>
/// The shape of snarkjs's JSON documents (FORMATS.md §5). Reading checks only structure — the keys,
/// the array shapes, the JSON types — and throws <see cref="ProofFormatException"/> with the JSON path
/// of the first problem; the values are checked by the decoders that turn text into field elements.
/// </summary>
internal static class SnarkjsJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    internal static JsonDocument Parse(ReadOnlySpan<byte> json, ProofDocument document)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray(), Options);
        }
        catch (JsonException e)
        {
            throw new ProofFormatException(document, "$", $"not valid JSON ({FirstSentence(e.Message)})");
        }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    internal static JsonElement Property(JsonElement obj, string name, ProofDocument document, string path = "$")
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new ProofFormatException(document, path, $"expected a JSON object, found {Describe(obj)}");
        }
        if (!obj.TryGetProperty(name, out var value))
        {
            throw new ProofFormatException(document, $"{path}.{name}", "missing");
        }
        return value;
    }

    internal static string? OptionalString(JsonElement obj, string name, ProofDocument document)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ProofFormatException(document, $"$.{name}", $"expected a string, found {Describe(value)}");
        }
        return value.GetString();
    }

    internal static JsonElement Array(JsonElement element, int length, ProofDocument document, string path)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new ProofFormatException(document, path, $"expected an array, found {Describe(element)}");
        }
        int actual = element.GetArrayLength();
        if (length >= 0 && actual != length)
        {
            throw new ProofFormatException(document, path, $"expected {length} elements, found {actual}");
        }
        return element;
    }

    internal static string Text(JsonElement element, ProofDocument document, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw new ProofFormatException(document, path, $"expected a decimal string, found {Describe(element)}");
        }
        return element.GetString()!;
    }

    internal static JsonG1 G1(JsonElement element, ProofDocument document, string path)
    {
        Array(element, 3, document, path);
        return new JsonG1(
            Text(element[0], document, $"{path}[0]"),
            Text(element[1], document, $"{path}[1]"),
            Text(element[2], document, $"{path}[2]"),
            path);
    }

    internal static JsonG2 G2(JsonElement element, ProofDocument document, string path)
    {
        Array(element, 3, document, path);
        var parts = new string[6];
        for (int i = 0; i < 3; i++)
        {
            var pair = Array(element[i], 2, document, $"{path}[{i}]");
            parts[2 * i] = Text(pair[0], document, $"{path}[{i}][0]");
            parts[2 * i + 1] = Text(pair[1], document, $"{path}[{i}][1]");
        }
        return new JsonG2(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], path);
    }

    internal static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>snarkjs's getCurveFromName: "bn128", "bn254" or "altbn128", any case, non-alphanumerics ignored.</summary>
    internal static bool IsBn254Name(string name)
    {
        var normalized = new string(name.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        return normalized is "BN128" or "BN254" or "ALTBN128";
    }
}
