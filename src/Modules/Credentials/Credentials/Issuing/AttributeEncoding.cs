using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CredentialHub.Credentials.Issuing;

/// <summary>
/// The stable encoding of an attribute value into one BN254 scalar field element (what the circuit's attribute slot
/// holds), and back. Every encoding is reversible, so a revealed slot decodes to the value that was issued, and the
/// numeric ones preserve order, so that the circuit's 64-bit comparisons mean what they say:
/// <list type="bullet">
/// <item><b>string</b>: the UTF-8 bytes (at most 31, no U+0000) read as one big-endian unsigned integer; "" is 0.</item>
/// <item><b>integer</b>: a signed 64-bit value v encoded as v + 2^63 (so −2^63 ↦ 0, 0 ↦ 2^63, 2^63 − 1 ↦ 2^64 − 1).</item>
/// <item><b>date</b>: an ISO 8601 calendar date (YYYY-MM-DD, years 0001–9999) as its day number: days since
/// 0001-01-01 (0001-01-01 ↦ 0, 1970-01-01 ↦ 719,162).</item>
/// <item><b>boolean</b>: false ↦ 0, true ↦ 1.</item>
/// </list>
/// The credential's expiry and the proof's "now" are dates encoded the same way.
/// </summary>
internal static class AttributeEncoding
{
    public const int MaxStringBytes = 31;

    private static readonly BigInteger IntegerOffset = BigInteger.One << 63;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Name(AttributeType type) => type switch
    {
        AttributeType.String => "string",
        AttributeType.Integer => "integer",
        AttributeType.Date => "date",
        AttributeType.Boolean => "boolean",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParseType(string? text, out AttributeType type)
    {
        (bool ok, type) = text switch
        {
            "string" => (true, AttributeType.String),
            "integer" => (true, AttributeType.Integer),
            "date" => (true, AttributeType.Date),
            "boolean" => (true, AttributeType.Boolean),
            _ => (false, default),
        };
        return ok;
    }

    /// <summary>Whether predicates (≥, ≤) may be taken over attributes of this type.</summary>
    public static bool IsOrdered(AttributeType type) => type is AttributeType.Integer or AttributeType.Date;

    /// <summary>
    /// The value of a JSON element as an attribute of <paramref name="type"/>: its field encoding and its canonical
    /// JSON form (what is stored, encrypted). Null with a problem (never quoting the value) when it does not fit.
    /// </summary>
    public static (BigInteger Encoded, JsonNode Canonical)? TryEncode(AttributeType type, JsonElement value, out string? problem)
    {
        problem = null;
        switch (type)
        {
            case AttributeType.String:
                if (value.ValueKind != JsonValueKind.String)
                {
                    problem = "must be a JSON string";
                    return null;
                }
                if (!TryGetString(value, out string text))
                {
                    problem = "is not valid Unicode text (an unpaired surrogate)";
                    return null;
                }
                if (!TryEncodeString(text, out var encodedText, out problem))
                {
                    return null;
                }
                return (encodedText, JsonValue.Create(text));
            case AttributeType.Integer:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number) || value.GetRawText().AsSpan().IndexOfAny(".eE") >= 0)
                {
                    problem = "must be a whole JSON number from -9223372036854775808 to 9223372036854775807";
                    return null;
                }
                return (EncodeInteger(number), JsonValue.Create(number));
            case AttributeType.Date:
                if (value.ValueKind != JsonValueKind.String || !TryGetString(value, out string dateText) || !TryParseDate(dateText, out var date))
                {
                    problem = "must be a date written YYYY-MM-DD";
                    return null;
                }
                return (EncodeDate(date), JsonValue.Create(FormatDate(date)));
            case AttributeType.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problem = "must be true or false";
                    return null;
                }
                bool flag = value.GetBoolean();
                return (flag ? BigInteger.One : BigInteger.Zero, JsonValue.Create(flag));
            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    /// <summary>A JSON string's value; false for one whose escapes decode to an unpaired surrogate (the parser accepts those, reading them throws).</summary>
    public static bool TryGetString(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    public static bool TryEncodeString(string text, out BigInteger encoded, out string? problem)
    {
        encoded = default;
        problem = null;
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            problem = "is not valid Unicode text";
            return false;
        }
        if (bytes.Length > MaxStringBytes)
        {
            problem = $"is {bytes.Length} bytes in UTF-8; at most {MaxStringBytes} fit in one attribute slot";
            return false;
        }
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            problem = "must not contain the character U+0000";
            return false;
        }
        encoded = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return true;
    }

    public static BigInteger EncodeInteger(long value) => new BigInteger(value) + IntegerOffset;

    public static BigInteger EncodeDate(DateOnly date) => date.DayNumber;

    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        return text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The value an encoded attribute stands for, or null when <paramref name="encoded"/> is not an encoding of <paramref name="type"/>.</summary>
    public static JsonNode? TryDecode(AttributeType type, BigInteger encoded)
    {
        if (encoded.Sign < 0)
        {
            return null;
        }
        switch (type)
        {
            case AttributeType.String:
                if (encoded.IsZero)
                {
                    return JsonValue.Create("");
                }
                byte[] bytes = encoded.ToByteArray(isUnsigned: true, isBigEndian: true);
                if (bytes.Length > MaxStringBytes || Array.IndexOf(bytes, (byte)0) >= 0)
                {
                    return null;
                }
                try
                {
                    return JsonValue.Create(StrictUtf8.GetString(bytes));
                }
                catch (DecoderFallbackException)
                {
                    return null;
                }
            case AttributeType.Integer:
                return TryDecodeInteger(encoded) is { } number ? JsonValue.Create(number) : null;
            case AttributeType.Date:
                return TryDecodeDate(encoded) is { } date ? JsonValue.Create(FormatDate(date)) : null;
            case AttributeType.Boolean:
                return encoded.IsZero ? JsonValue.Create(false) : encoded.IsOne ? JsonValue.Create(true) : null;
            default:
                return null;
        }
    }

    public static long? TryDecodeInteger(BigInteger encoded) =>
        encoded.Sign >= 0 && encoded < (BigInteger.One << 64) ? (long)(encoded - IntegerOffset) : null;

    public static DateOnly? TryDecodeDate(BigInteger encoded) =>
        encoded.Sign >= 0 && encoded <= DateOnly.MaxValue.DayNumber ? DateOnly.FromDayNumber((int)encoded) : null;
}
