using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Hashing;

namespace CredentialHub.Credentials.Issuing;

/// <summary>
/// A credential's type and the names and types of its attributes, in slot order: public (no values), shown to a
/// verifier in a presentation. Its digest fills the circuit's last attribute slot, which every proof reveals, so
/// that the signature binds the names and types too and a presentation cannot relabel a slot (present the score
/// as an age, or an integer as a date).
/// <para>
/// Digest: h₀ = Poseidon(D, enc(type), n), then hᵢ = Poseidon(hᵢ₋₁, enc(nameᵢ), codeᵢ) for each attribute, where
/// D = enc("credentialhub.schema.v1"), enc is the string encoding of <see cref="AttributeEncoding"/> and the type
/// codes are string 1, integer 2, date 3, boolean 4.
/// </para>
/// </summary>
internal sealed record CredentialSchema(string Type, IReadOnlyList<AttributeDefinition> Attributes)
{
    /// <summary>Slots of the selective-disclosure circuit.</summary>
    public const int CircuitSlots = 16;

    /// <summary>The slot holding the schema digest.</summary>
    public const int SchemaSlot = CircuitSlots - 1;

    /// <summary>Attributes a credential may have (every slot but the schema's).</summary>
    public const int MaxAttributes = CircuitSlots - 1;

    public const string Domain = "credentialhub.schema.v1";

    /// <summary>A name: a letter, then letters, digits or underscores, at most 31 characters (so it encodes into one slot).</summary>
    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= AttributeEncoding.MaxStringBytes }
        && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public int IndexOf(string name)
    {
        for (int i = 0; i < Attributes.Count; i++)
        {
            if (Attributes[i].Name == name)
            {
                return i;
            }
        }
        return -1;
    }

    public Fr Digest()
    {
        var h = Poseidon.Hash(StringElement(Domain), StringElement(Type), Fr.FromUInt64((ulong)Attributes.Count));
        foreach (var attribute in Attributes)
        {
            h = Poseidon.Hash(h, StringElement(attribute.Name), Fr.FromUInt64((ulong)attribute.Type));
        }
        return h;
    }

    private static Fr StringElement(string text) =>
        AttributeEncoding.TryEncodeString(text, out BigInteger encoded, out _)
            ? Fr.FromBigInteger(encoded)
            : throw new ArgumentException("not encodable as one slot", nameof(text));

    /// <summary>The schema as JSON: <c>{"type": …, "attributes": [{"name": …, "type": …}, …]}</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["type"] = Type,
        ["attributes"] = new JsonArray([.. Attributes.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["type"] = AttributeEncoding.Name(a.Type) })]),
    };

    /// <summary>Reads <see cref="ToJson"/>'s form; the problem names the field at fault (relative to the element).</summary>
    public static CredentialSchema? TryParse(JsonElement element, out string? field, out string? problem)
    {
        field = null;
        problem = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            (field, problem) = ("", "must be an object with type and attributes");
            return null;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name is not ("type" or "attributes"))
            {
                (field, problem) = ("." + Shorten(property.Name), "is not a field of a schema (type, attributes)");
                return null;
            }
        }
        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String || !IsValidName(typeElement.GetString()))
        {
            (field, problem) = (".type", "must be a credential type name (a letter, then letters, digits or _; at most 31)");
            return null;
        }
        if (!element.TryGetProperty("attributes", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            (field, problem) = (".attributes", "must be an array of {name, type}");
            return null;
        }
        if (list.GetArrayLength() is 0 or > MaxAttributes)
        {
            (field, problem) = (".attributes", $"must list 1 to {MaxAttributes} attributes");
            return null;
        }
        var attributes = new List<AttributeDefinition>();
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            string at = $".attributes[{index++}]";
            if (item.ValueKind != JsonValueKind.Object || item.EnumerateObject().Any(p => p.Name is not ("name" or "type")))
            {
                (field, problem) = (at, "must be an object with name and type only");
                return null;
            }
            if (!item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || !IsValidName(name.GetString()))
            {
                (field, problem) = (at + ".name", "must be an attribute name (a letter, then letters, digits or _; at most 31)");
                return null;
            }
            if (!item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !AttributeEncoding.TryParseType(type.GetString(), out var parsed))
            {
                (field, problem) = (at + ".type", "must be one of string, integer, date, boolean");
                return null;
            }
            if (attributes.Any(a => a.Name == name.GetString()))
            {
                (field, problem) = (at + ".name", "repeats an earlier attribute's name");
                return null;
            }
            attributes.Add(new AttributeDefinition(name.GetString()!, parsed));
        }
        return new CredentialSchema(typeElement.GetString()!, attributes);
    }

    public static CredentialSchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return TryParse(document.RootElement, out _, out string? problem) ?? throw new FormatException($"stored schema is invalid: {problem}");
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
