using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CredentialHub.Credentials.Issuing;

namespace CredentialHub.Credentials.Tests.Issuing;

/// <summary>
/// What the attribute encoding refuses (values that do not fit, non-encodings on decoding, bad schemas) and the order
/// its numeric encodings preserve. The encodings of accepted values are checked against the reference in
/// <see cref="CredentialVectorTests"/>.
/// </summary>
public class AttributeEncodingTests
{
    private const int OrderCases = 10_000;

    // ---- encoding refusals ----------------------------------------------------------------------------------

    [Theory]
    // string: 32 bytes (ASCII, and 2-byte UTF-8 characters), U+0000, not a JSON string (lone surrogates: below)
    [InlineData("string", "\"secret-value-of-32-bytes-exactly\"")]
    [InlineData("string", "\"séçrét-välüé-ëxäçt-ñößé\"")]
    [InlineData("string", "\"secret\\u0000value\"")]
    [InlineData("string", "\"\\u0000\"")]
    [InlineData("string", "424242")]
    [InlineData("string", "true")]
    [InlineData("string", "null")]
    // integer: not whole, exponent notation, out of range, not a number
    [InlineData("integer", "1.5")]
    [InlineData("integer", "1e3")]
    [InlineData("integer", "1000.0")]
    [InlineData("integer", "9223372036854775808")]
    [InlineData("integer", "-9223372036854775809")]
    [InlineData("integer", "18446744073709551616")]
    [InlineData("integer", "\"424242\"")]
    [InlineData("integer", "true")]
    // date: not YYYY-MM-DD, no such day, not a string
    [InlineData("date", "\"2026-2-1\"")]
    [InlineData("date", "\"2026-02-30\"")]
    [InlineData("date", "\"20260201\"")]
    [InlineData("date", "\"2025-02-29\"")]
    [InlineData("date", "\"2026-13-01\"")]
    [InlineData("date", "\"0000-01-01\"")]
    [InlineData("date", "\" 2026-02-01\"")]
    [InlineData("date", "\"2026-02-01T00:00:00Z\"")]
    [InlineData("date", "20260201")]
    // boolean: anything but true or false
    [InlineData("boolean", "\"true\"")]
    [InlineData("boolean", "1")]
    [InlineData("boolean", "0")]
    [InlineData("boolean", "null")]
    public void EncodingRefusesWithoutQuotingTheValue(string typeName, string json)
    {
        Assert.True(AttributeEncoding.TryParseType(typeName, out var type));
        using var document = JsonDocument.Parse(json);
        var result = AttributeEncoding.TryEncode(type, document.RootElement, out string? problem);
        Assert.Null(result);
        Assert.False(string.IsNullOrWhiteSpace(problem));
        AssertDoesNotQuote(problem, json);
    }

    /// <summary>
    /// A JSON string escaping a lone surrogate parses (JsonDocument does not check escapes) but is no text: the
    /// encoding refuses it with a problem, as any other unfit value, rather than throwing from GetString.
    /// </summary>
    [Theory]
    [InlineData("string", "\"secret\\ud800value\"")]
    [InlineData("string", "\"secret\\udc00value\"")]
    [InlineData("string", "\"secret\\udc00\\ud800\"")]
    [InlineData("date", "\"2026-02-0\\ud800\"")]
    public void LoneSurrogatesAreRefusedNotThrown(string typeName, string json)
    {
        EncodingRefusesWithoutQuotingTheValue(typeName, json);
    }

    [Fact]
    public void StringsFitUpToThirtyOneBytes()
    {
        Assert.True(AttributeEncoding.TryEncodeString(new string('x', 31), out var encoded, out string? problem), problem);
        Assert.Equal(new BigInteger(Enumerable.Repeat((byte)'x', 31).ToArray(), isUnsigned: true, isBigEndian: true), encoded);
        Assert.False(AttributeEncoding.TryEncodeString(new string('x', 32), out _, out problem));
        Assert.NotNull(problem);
        // 10 three-byte characters and one byte more: 31 bytes; another byte: 32.
        Assert.True(AttributeEncoding.TryEncodeString(new string('☃', 10) + "x", out _, out _));
        Assert.False(AttributeEncoding.TryEncodeString(new string('☃', 10) + "xy", out _, out _));
        // A lone surrogate is not text: refused, not replaced by U+FFFD.
        Assert.False(AttributeEncoding.TryEncodeString("a\uD800b", out _, out problem));
        Assert.NotNull(problem);
        Assert.False(AttributeEncoding.TryEncodeString("\uDC00", out _, out _));
    }

    // ---- decoding refusals ------------------------------------------------------------------------------------

    [Fact]
    public void DecodingRefusesWhatNoStringEncodesTo()
    {
        // 32 bytes: one more than a slot's string holds.
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.String, BigEndian(Enumerable.Repeat((byte)'A', 32).ToArray())));
        Assert.NotNull(AttributeEncoding.TryDecode(AttributeType.String, BigEndian(Enumerable.Repeat((byte)'A', 31).ToArray())));
        // A zero byte inside (no string holds U+0000; leading zeros vanish from the integer).
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.String, BigEndian([(byte)'A', 0, (byte)'B'])));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.String, BigEndian([(byte)'A', 0])));
        // Invalid UTF-8: a stray continuation byte, 0xFF, a truncated sequence, an overlong form, an encoded surrogate.
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.String, BigEndian([0x80])));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.String, BigEndian([0x41, 0xFF])));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.String, BigEndian([0x41, 0xC3])));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.String, BigEndian([0xC0, 0xAF])));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.String, BigEndian([0xED, 0xA0, 0x80])));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.String, BigInteger.MinusOne));
        // A valid one, for contrast: "é" is C3 A9.
        Assert.Equal("é", (string?)AttributeEncoding.TryDecode(AttributeType.String, BigEndian([0xC3, 0xA9])));
        Assert.Equal("", (string?)AttributeEncoding.TryDecode(AttributeType.String, BigInteger.Zero));
    }

    [Fact]
    public void DecodingRefusesWhatNoIntegerDateOrBooleanEncodesTo()
    {
        BigInteger twoTo64 = BigInteger.One << 64;
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.Integer, twoTo64));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.Integer, twoTo64 + 12345));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.Integer, BigInteger.MinusOne));
        Assert.Equal(long.MaxValue, (long?)AttributeEncoding.TryDecode(AttributeType.Integer, twoTo64 - 1));
        Assert.Equal(long.MinValue, (long?)AttributeEncoding.TryDecode(AttributeType.Integer, BigInteger.Zero));

        int maxDay = DateOnly.MaxValue.DayNumber;
        Assert.Equal(3652058, maxDay); // 9999-12-31, as the vectors' date_max encodes
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.Date, maxDay + 1));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.Date, BigInteger.One << 40));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.Date, BigInteger.MinusOne));
        Assert.Equal("9999-12-31", (string?)AttributeEncoding.TryDecode(AttributeType.Date, maxDay));
        Assert.Equal("0001-01-01", (string?)AttributeEncoding.TryDecode(AttributeType.Date, BigInteger.Zero));

        Assert.Null(AttributeEncoding.TryDecode(AttributeType.Boolean, 2));
        Assert.Null(AttributeEncoding.TryDecode(AttributeType.Boolean, BigInteger.MinusOne));
        Assert.False((bool?)AttributeEncoding.TryDecode(AttributeType.Boolean, BigInteger.Zero));
        Assert.True((bool?)AttributeEncoding.TryDecode(AttributeType.Boolean, BigInteger.One));
    }

    // ---- order ----------------------------------------------------------------------------------------------

    [Fact]
    public void IntegerEncodingPreservesOrder()
    {
        var random = new Random(20261121);
        long[] edges = [long.MinValue, long.MinValue + 1, -1, 0, 1, long.MaxValue - 1, long.MaxValue];
        for (int i = 0; i < OrderCases; i++)
        {
            long a = i < edges.Length * edges.Length ? edges[i % edges.Length] : Next(random);
            long b = i < edges.Length * edges.Length ? edges[i / edges.Length] : Next(random);
            BigInteger ea = EncodeInteger(a), eb = EncodeInteger(b);
            Assert.True(a.CompareTo(b) == ea.CompareTo(eb), $"order of {a} and {b} not kept: {ea}, {eb}");
            Assert.InRange(ea, BigInteger.Zero, (BigInteger.One << 64) - 1);
            Assert.Equal(a, (long?)AttributeEncoding.TryDecode(AttributeType.Integer, ea));
        }

        // Mostly near values, some anywhere: a small difference must show too.
        static long Next(Random random) => random.Next(4) == 0 ? random.NextInt64(-1000, 1000) : random.NextInt64(long.MinValue, long.MaxValue) + random.Next(2);
    }

    [Fact]
    public void DateEncodingPreservesOrder()
    {
        var random = new Random(740671);
        int maxDay = DateOnly.MaxValue.DayNumber;
        for (int i = 0; i < OrderCases; i++)
        {
            var a = DateOnly.FromDayNumber(random.Next(maxDay + 1));
            var b = random.Next(4) == 0
                ? a.AddDays(Math.Clamp(random.Next(-3, 4), -a.DayNumber, maxDay - a.DayNumber))
                : DateOnly.FromDayNumber(random.Next(maxDay + 1));
            BigInteger ea = EncodeDate(a), eb = EncodeDate(b);
            Assert.True(a.CompareTo(b) == ea.CompareTo(eb), $"order of {a:yyyy-MM-dd} and {b:yyyy-MM-dd} not kept: {ea}, {eb}");
            Assert.Equal(b.DayNumber - a.DayNumber, (int)(eb - ea));
            Assert.Equal(a.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)AttributeEncoding.TryDecode(AttributeType.Date, ea));
        }
    }

    // ---- schema refusals ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("""{"type":"T","attributes":[{"name":"a","type":"string"}],"extra":1}""", ".extra")]
    [InlineData("""{"type":"T","attributes":[{"name":"a","type":"string","value":"x"}]}""", ".attributes[0]")]
    [InlineData("""{"type":"T","attributes":[{"name":"1abc","type":"string"}]}""", ".attributes[0].name")]
    [InlineData("""{"type":"T","attributes":[{"name":"ok","type":"date"},{"name":"a-b","type":"string"}]}""", ".attributes[1].name")]
    [InlineData("""{"type":"T","attributes":[{"name":"abcdefghijklmnopqrstuvwxyz012345","type":"string"}]}""", ".attributes[0].name")]
    [InlineData("""{"type":"T","attributes":[{"name":"","type":"string"}]}""", ".attributes[0].name")]
    [InlineData("""{"type":"T","attributes":[{"name":"same","type":"string"},{"name":"same","type":"integer"}]}""", ".attributes[1].name")]
    [InlineData("""{"type":"T","attributes":[{"name":"a","type":"float"}]}""", ".attributes[0].type")]
    [InlineData("""{"type":"T","attributes":[{"name":"a","type":"String"}]}""", ".attributes[0].type")]
    [InlineData("""{"type":"T","attributes":[{"name":"a"}]}""", ".attributes[0].type")]
    [InlineData("""{"type":"T","attributes":[]}""", ".attributes")]
    [InlineData("""{"type":"T"}""", ".attributes")]
    [InlineData("""{"type":"1T","attributes":[{"name":"a","type":"string"}]}""", ".type")]
    [InlineData("""{"attributes":[{"name":"a","type":"string"}]}""", ".type")]
    [InlineData("""[]""", "")]
    public void SchemaParsingRefusesAndNamesTheField(string json, string expectedField)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Null(CredentialSchema.TryParse(document.RootElement, out string? field, out string? problem));
        Assert.Equal(expectedField, field);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }

    [Fact]
    public void SchemaParsingRefusesSixteenAttributesAndAcceptsFifteen()
    {
        foreach (int count in new[] { 15, 16 })
        {
            var schema = new JsonObject
            {
                ["type"] = "T",
                ["attributes"] = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["name"] = $"a{i}", ["type"] = "boolean" })]),
            };
            using var document = JsonDocument.Parse(schema.ToJsonString());
            var parsed = CredentialSchema.TryParse(document.RootElement, out string? field, out _);
            if (count == CredentialSchema.MaxAttributes)
            {
                Assert.NotNull(parsed);
                Assert.Equal(count, parsed.Attributes.Count);
            }
            else
            {
                Assert.Null(parsed);
                Assert.Equal(".attributes", field);
            }
        }
    }

    [Fact]
    public void SchemaNamesOfThirtyOneCharactersAreAccepted()
    {
        using var document = JsonDocument.Parse("""{"type":"abcdefghijklmnopqrstuvwxyz01234","attributes":[{"name":"A_bcdefghijklmnopqrstuvwxyz0123","type":"integer"}]}""");
        var parsed = CredentialSchema.TryParse(document.RootElement, out string? field, out string? problem);
        Assert.True(parsed is not null, $"{field}: {problem}");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static BigInteger EncodeInteger(long value)
    {
        using var document = JsonDocument.Parse(value.ToString(CultureInfo.InvariantCulture));
        var encoded = AttributeEncoding.TryEncode(AttributeType.Integer, document.RootElement, out string? problem) ?? throw new InvalidOperationException(problem);
        Assert.Equal(AttributeEncoding.EncodeInteger(value), encoded.Encoded);
        return encoded.Encoded;
    }

    private static BigInteger EncodeDate(DateOnly date)
    {
        using var document = JsonDocument.Parse($"\"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"");
        var encoded = AttributeEncoding.TryEncode(AttributeType.Date, document.RootElement, out string? problem) ?? throw new InvalidOperationException(problem);
        Assert.Equal(date.DayNumber, encoded.Encoded);
        return encoded.Encoded;
    }

    private static BigInteger BigEndian(byte[] bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// The problem does not quote the value: neither its JSON text nor (for strings) its content appear in it as a
    /// whole token. A whole token, because a range bound may share digits with the value (the problem for 2^63
    /// names the bound −2^63, whose digits are 2^63's) without quoting it.
    /// </summary>
    private static void AssertDoesNotQuote(string? problem, string json)
    {
        Assert.NotNull(problem);
        var quoted = new List<string> { json };
        using (var document = JsonDocument.Parse(json))
        {
            if (document.RootElement.ValueKind == JsonValueKind.String)
            {
                var raw = document.RootElement.GetRawText();
                if (raw[1..^1] is not ("true" or "false" or "null"))
                {
                    quoted.Add(raw[1..^1]);
                }
                try
                {
                    // Content that is a JSON literal ("true") may be named by the problem ("must be true or false")
                    // without being quoted from the value.
                    if (document.RootElement.GetString() is { } content && content is not ("true" or "false" or "null"))
                    {
                        quoted.Add(content);
                    }
                }
                catch (InvalidOperationException)
                {
                    // not representable as a .NET string
                }
            }
        }
        foreach (string text in quoted.Where(t => t.Length > 0))
        {
            for (int at = problem.IndexOf(text, StringComparison.Ordinal); at >= 0; at = problem.IndexOf(text, at + 1, StringComparison.Ordinal))
            {
                bool joinedBefore = at > 0 && IsTokenCharacter(problem[at - 1]);
                bool joinedAfter = at + text.Length < problem.Length && IsTokenCharacter(problem[at + text.Length]);
                Assert.True(joinedBefore || joinedAfter, $"the problem quotes the value {text}: {problem}");
            }
        }

        static bool IsTokenCharacter(char c) => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' or '+';
    }
}
