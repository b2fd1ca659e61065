using System.Numerics;
using System.Text;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Inputs;

namespace CredentialHub.Circuits.Tests.Inputs;

public class CircuitInputsParseTests
{
    private const string R = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

    private const string RMinusOne = "21888242871839275222246405745257275088548364400416034343698204186575808495616";

    private static IReadOnlyList<InputSignal> Parse(string json) => CircuitInputs.Parse(Encoding.UTF8.GetBytes(json));

    private static InputException Refused(string json) => Assert.Throws<InputException>(() => Parse(json));

    private static BigInteger[] Values(params long[] values) => [.. values.Select(v => new BigInteger(v))];

    [Fact]
    public void ModulusIsBn254ScalarField() =>
        Assert.Equal(BigInteger.Parse(R), CircuitInputs.FieldModulus);

    [Fact]
    public void ReadsScalarsAndArraysInDocumentOrder()
    {
        var signals = Parse("""{ "a": "3", "b": [[1, 2], [3, 4]], "c": 7, "d": [] }""");

        Assert.Equal(["a", "b", "c", "d"], signals.Select(s => s.Name));
        Assert.Equal(Values(3), signals[0].Values);
        Assert.Equal(Values(1, 2, 3, 4), signals[1].Values);
        Assert.Equal(Values(7), signals[2].Values);
        Assert.Empty(signals[3].Values);
    }

    [Fact]
    public void FlattensRowMajor()
    {
        var signals = Parse("""{ "t": [[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]] }""");

        Assert.Equal(Values(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), signals[0].Values);
    }

    [Fact]
    public void AcceptsEmptyDocument() => Assert.Empty(Parse("{}"));

    [Theory]
    [InlineData("\"0\"", "0")]
    [InlineData("\"007\"", "7")]
    [InlineData("\"0x0\"", "0")]
    [InlineData("\"0xff\"", "255")]
    [InlineData("\"0xFF\"", "255")]
    [InlineData("\"0xAbC\"", "2748")]
    [InlineData("0", "0")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("\"" + RMinusOne + "\"", RMinusOne)]
    [InlineData(RMinusOne, RMinusOne)]
    [InlineData("\"0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000\"", RMinusOne)]
    [InlineData("\"\\u0031\\u0032\"", "12")]
    public void AcceptsNumberForms(string value, string expected) =>
        Assert.Equal([BigInteger.Parse(expected)], Parse($$"""{ "a": {{value}} }""")[0].Values);

    [Theory]
    [InlineData("\"" + R + "\"", "a: is not below the field modulus r")]
    [InlineData(R, "a: is not below the field modulus r")]
    [InlineData("\"0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001\"", "a: is not below the field modulus r")]
    [InlineData("\"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"", "a: is not below the field modulus r")]
    public void RefusesValuesOutsideField(string value, string message) =>
        Assert.Equal(message, Refused($$"""{ "a": {{value}} }""").Message);

    [Theory]
    [InlineData("\"-1\"", "a: is negative; values must lie in [0, r)")]
    [InlineData("-1", "a: is negative; values must lie in [0, r)")]
    [InlineData("-0", "a: is negative; values must lie in [0, r)")]
    [InlineData("1.0", "a: is not an integer; fractions and exponents are not allowed")]
    [InlineData("1e3", "a: is not an integer; fractions and exponents are not allowed")]
    [InlineData("1E+3", "a: is not an integer; fractions and exponents are not allowed")]
    [InlineData("\"\"", "a: an empty string is not a number")]
    [InlineData("\" \"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\" 1\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"1 \"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"+1\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"0x\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"0X1f\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"0xg\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"-0x1\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"1.5\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"1e3\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"１\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("\"1\\n\"", "a: is not a decimal or 0x-hex number")]
    [InlineData("true", "a: true is not a number; expected a decimal string, a 0x-hex string or a JSON integer")]
    [InlineData("false", "a: false is not a number; expected a decimal string, a 0x-hex string or a JSON integer")]
    [InlineData("null", "a: null is not a number; expected a decimal string, a 0x-hex string or a JSON integer")]
    [InlineData("{}", "a: an object is not a number; expected a decimal string, a 0x-hex string or a JSON integer")]
    [InlineData("{ \"x\": 1 }", "a: an object is not a number; expected a decimal string, a 0x-hex string or a JSON integer")]
    public void RefusesMalformedValues(string value, string message) =>
        Assert.Equal(message, Refused($$"""{ "a": {{value}} }""").Message);

    [Theory]
    [InlineData("\"123456789012345678901234567890123456789012345678901234567890123456789012345678\"")]
    [InlineData("\"-98765432123456789\"")]
    [InlineData("-98765432123456789")]
    [InlineData("98765432123456789.5")]
    [InlineData("\"0x98765432123456789fffffffffffffffffffffffffffffffffffffffffffffffff\"")]
    [InlineData("\"98765432123456789z\"")]
    public void Refusals_never_repeat_the_value(string value)
    {
        // Inputs are private: a refusal names the signal and index, never what was sent.
        string message = Refused($$"""{ "a": [0, {{value}}] }""").Message;

        Assert.StartsWith("a[1]: ", message);
        Assert.DoesNotContain("98765432123456789", message);
        Assert.DoesNotContain("1234567890123456789", message);
    }

    [Fact]
    public void NamesSignalAndIndexPath()
    {
        var e = Refused("""{ "a": 1, "b": [["1", "2"], ["0x", "4"]] }""");

        Assert.Equal("b[1][0]: is not a decimal or 0x-hex number", e.Message);
        Assert.Equal("b", e.Signal);
        Assert.Equal("[1][0]", e.Index);
        Assert.Equal("is not a decimal or 0x-hex number", e.Problem);
    }

    [Fact]
    public void ScalarErrorHasNoIndex()
    {
        var e = Refused("""{ "a": null }""");

        Assert.Equal("a", e.Signal);
        Assert.Null(e.Index);
    }

    [Theory]
    [InlineData("[[1, 2], [3]]", "b[1]: has 1 elements, but b[0] has 2; arrays must be rectangular")]
    [InlineData("[[1], [2, 3]]", "b[1]: has 2 elements, but b[0] has 1; arrays must be rectangular")]
    [InlineData("[[1, 2], 3]", "b[1]: is a number, but b[0] is an array; arrays must be rectangular")]
    [InlineData("[1, [2]]", "b[1]: is an array, but b[0] is a number; arrays must be rectangular")]
    [InlineData("[[], [1]]", "b[1]: has 1 elements, but b[0] has 0; arrays must be rectangular")]
    [InlineData("[[[1], [2]], [[3], [4, 5]]]", "b[1][1]: has 2 elements, but b[0][0] has 1; arrays must be rectangular")]
    [InlineData("[[[1], [2]], [[3], 4]]", "b[1][1]: is a number, but b[0][0] is an array; arrays must be rectangular")]
    [InlineData("[[[1, 2]], [[3, 4], [5, 6]]]", "b[1]: has 2 elements, but b[0] has 1; arrays must be rectangular")]
    public void RefusesRaggedArrays(string value, string message) =>
        Assert.Equal(message, Refused($$"""{ "a": 1, "b": {{value}} }""").Message);

    [Fact]
    public void RaggednessIsCheckedPerSignal()
    {
        var signals = Parse("""{ "a": [[1, 2]], "b": [[1], [2], [3]], "c": [5, 6, 7] }""");

        Assert.Equal([2, 3, 3], signals.Select(s => s.Values.Length));
    }

    [Fact]
    public void AcceptsRectangularEmptyArrays() => Assert.Empty(Parse("""{ "a": [[], [], []] }""")[0].Values);

    [Theory]
    [InlineData("[1, 2]", "an array")]
    [InlineData("\"a\"", "a string")]
    [InlineData("1", "a number")]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    public void RefusesNonObjectDocuments(string json, string what)
    {
        var e = Refused(json);

        Assert.Equal($"inputs: the document must be a JSON object, not {what}", e.Message);
        Assert.Equal("", e.Signal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void RefusesEmptyDocument(string json) =>
        Assert.StartsWith("inputs: ", Refused(json).Message);

    [Theory]
    [InlineData("{ \"a\": 1", "a")]
    [InlineData("{ \"a\": 1, }", "a")]
    [InlineData("{ \"a\": [1, 2 }", "a")]
    [InlineData("{ \"a\": 1 } {}", "a")]
    [InlineData("{ \"a\": 1 } x", "a")]
    [InlineData("{ \"a\": 1 /* c */ }", "a")]
    [InlineData("{ 'a': 1 }", "")]
    [InlineData("{ a: 1 }", "")]
    [InlineData("{ \"a\": 01 }", "a")]
    [InlineData("{ \"a\": 0x1 }", "a")]
    public void RefusesMalformedJson(string json, string signal)
    {
        var e = Refused(json);

        Assert.Equal(signal, e.Signal);
        Assert.Contains("malformed JSON", e.Message);
    }

    [Fact]
    public void RefusesInvalidUtf8() =>
        Assert.Throws<InputException>(() => CircuitInputs.Parse([.. "{\"a\": \""u8, 0xff, .. "\"}"u8]));

    [Fact]
    public void RefusesDuplicateKeys()
    {
        Assert.Equal("a: is given more than once", Refused("""{ "a": 1, "b": 2, "a": 3 }""").Message);
        Assert.Equal("a: is given more than once", Refused("""{ "a": 1, "\u0061": 2 }""").Message);
    }

    [Fact]
    public void KeysAreCaseSensitive() => Assert.Equal(2, Parse("""{ "a": 1, "A": 2 }""").Count);

    [Fact]
    public void AcceptsSixteenLevelsOfNesting()
    {
        var json = $$"""{ "a": {{new string('[', 16)}}5{{new string(']', 16)}} }""";

        Assert.Equal(Values(5), Parse(json)[0].Values);
    }

    [Fact]
    public void RefusesSeventeenLevelsOfNesting()
    {
        var json = $$"""{ "a": {{new string('[', 17)}}5{{new string(']', 17)}} }""";

        Assert.Equal(
            "a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: arrays are nested more than 16 levels deep",
            Refused(json).Message);
    }

    [Fact]
    public void RefusesDeepNestingWithoutStackOverflow()
    {
        var json = "{ \"a\": " + new string('[', 1_000_000) + new string(']', 1_000_000) + " }";

        Assert.Contains("nested more than 16 levels deep", Refused(json).Message);
    }

    [Fact]
    public void AcceptsOneMillionValues()
    {
        var json = "{ \"a\": [" + string.Join(',', Enumerable.Repeat("1", 600_000)) + "], \"b\": ["
            + string.Join(',', Enumerable.Repeat("2", 400_000)) + "] }";

        Assert.Equal(1_000_000, Parse(json).Sum(s => s.Values.Length));
    }

    [Fact]
    public void RefusesMoreThanOneMillionValuesAcrossSignals()
    {
        var json = "{ \"a\": [" + string.Join(',', Enumerable.Repeat("1", 600_000)) + "], \"b\": ["
            + string.Join(',', Enumerable.Repeat("2", 400_001)) + "] }";

        Assert.Equal("b[400000]: the inputs hold more than 1000000 values in total", Refused(json).Message);
    }

    [Fact]
    public void AcceptsTokensOfEightyCharacters()
    {
        var value = new string('0', 79) + "9";

        Assert.Equal(Values(9), Parse($$"""{ "a": "{{value}}" }""")[0].Values);
        Assert.EndsWith("is not below the field modulus r", Refused($$"""{ "a": {{"1" + new string('0', 79)}} }""").Message);
    }

    [Theory]
    [InlineData(81)]
    [InlineData(100_000)]
    public void RefusesLongStrings(int length)
    {
        var value = new string('0', length - 1) + "1";

        Assert.Equal("a: a string is longer than the 80 characters allowed", Refused($$"""{ "a": "{{value}}" }""").Message);
        Assert.Equal("a[1]: a string is longer than the 80 characters allowed", Refused($$"""{ "a": [1, "{{value}}"] }""").Message);
    }

    [Fact]
    public void RefusesLongNumbers()
    {
        var value = "1" + new string('0', 80);

        Assert.Equal("a: a JSON number is longer than the 80 characters allowed", Refused($$"""{ "a": {{value}} }""").Message);
    }

    [Fact]
    public void LengthLimitCountsUnescapedCharacters()
    {
        var escaped = string.Concat(Enumerable.Repeat("\\u0030", 79)) + "\\u0031";
        var tooLong = string.Concat(Enumerable.Repeat("\\u0030", 80)) + "\\u0031";

        Assert.Equal(Values(1), Parse($$"""{ "a": "{{escaped}}" }""")[0].Values);
        Assert.Equal("a: a string is longer than the 80 characters allowed", Refused($$"""{ "a": "{{tooLong}}" }""").Message);
    }

    /// <summary>Seeded random damage to a valid document: it parses or is refused, never another exception.</summary>
    [Fact]
    public void DamagedDocumentsAreParsedOrRefused()
    {
        var original = Encoding.UTF8.GetBytes("""{ "a": "0x1F", "b": [[1, "2"], ["3", 4]], "c": [[[]]], "d": "12345" }""");
        var alphabet = "{}[],:\"-.0123456789eExX \\u"u8.ToArray();
        var random = new Random(7);
        for (var round = 0; round < 20_000; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                bytes[random.Next(bytes.Length)] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                CircuitInputs.Parse(bytes);
            }
            catch (InputException)
            {
            }
        }
    }
}
