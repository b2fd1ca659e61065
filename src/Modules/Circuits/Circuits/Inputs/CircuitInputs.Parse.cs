using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CredentialHub.Circuits.Inputs;

internal static partial class CircuitInputs
{
    /// <summary>Quotes a refused string in a message: control characters escaped, other text shown as given.</summary>

    /// <summary>
    /// Reads an input document: a JSON object whose keys are signal names and whose values are numbers or
    /// rectangular nested arrays of numbers, flattened row-major. Throws <see cref="InputException"/> naming
    /// the signal and index path of the first problem. Nesting, value count and token length are bounded, so a
    /// hostile document costs time linear in its size.
    /// </summary>
    public static IReadOnlyList<InputSignal> Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxNesting + 8 });
        var signals = new List<InputSignal>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        var signal = "";
        try
        {
            if (!reader.Read())
            {
                throw new InputException("", null, "the document is empty; expected a JSON object");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InputException("", null, $"the document must be a JSON object, not {Describe(reader.TokenType)}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                signal = reader.GetString()!;
                if (!names.Add(signal))
                {
                    throw new InputException(signal, null, "is given more than once");
                }

                reader.Read();
                var values = new List<BigInteger>();
                ReadValue(ref reader, new Walk(signal), values, ref total);
                signals.Add(new InputSignal(signal, [.. values]));
            }

            // Reading past the closing brace makes the reader refuse trailing content such as a second value.
            reader.Read();
        }
        catch (JsonException e)
        {
            throw new InputException(signal, null, $"malformed JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw new InputException(signal, null, $"malformed JSON: {e.Message}");
        }

        return signals;
    }

    private static void ReadValue(ref Utf8JsonReader reader, Walk walk, List<BigInteger> values, ref int total)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                if (walk.Depth == MaxNesting)
                {
                    throw walk.Refuse($"arrays are nested more than {MaxNesting} levels deep");
                }

                walk.Arrive(isArray: true);
                walk.Enter();
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    walk.At(count);
                    ReadValue(ref reader, walk, values, ref total);
                    count++;
                }

                walk.Leave(count);
                break;
            case JsonTokenType.String:
            case JsonTokenType.Number:
                walk.Arrive(isArray: false);
                if (total == MaxValues)
                {
                    throw walk.Refuse($"the inputs hold more than {MaxValues} values in total");
                }

                values.Add(ReadNumber(ref reader, walk));
                total++;
                break;
            default:
                throw walk.Refuse($"{Describe(reader.TokenType)} is not a number; expected a decimal string, a 0x-hex string or a JSON integer");
        }
    }

    private static BigInteger ReadNumber(ref Utf8JsonReader reader, Walk walk)
    {
        var raw = reader.ValueSpan;
        var tooLong = $"is longer than the {MaxValueLength} characters allowed";
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (raw.Length > MaxValueLength)
            {
                throw walk.Refuse($"a JSON number {tooLong}");
            }

            var number = Encoding.ASCII.GetString(raw);
            if (number.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
            {
                throw walk.Refuse("is not an integer; fractions and exponents are not allowed");
            }

            if (number[0] == '-')
            {
                throw walk.Refuse("is negative; values must lie in [0, r)");
            }

            return InField(Decimal(number), walk);
        }

        // An escape is at most 6 bytes for one UTF-16 unit, so a longer raw token cannot fit once unescaped.
        if (raw.Length > 6 * MaxValueLength)
        {
            throw walk.Refuse($"a string {tooLong}");
        }

        var text = reader.GetString()!;
        if (text.Length > MaxValueLength)
        {
            throw walk.Refuse($"a string {tooLong}");
        }

        if (text.Length == 0)
        {
            throw walk.Refuse("an empty string is not a number");
        }

        if (text[0] == '-' && text.Length > 1 && AllDigits(text.AsSpan(1)))
        {
            throw walk.Refuse("is negative; values must lie in [0, r)");
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2 && AllHexDigits(text.AsSpan(2)))
        {
            return InField(BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), walk);
        }

        if (AllDigits(text))
        {
            return InField(Decimal(text), walk);
        }

        throw walk.Refuse("is not a decimal or 0x-hex number");
    }

    // Messages never repeat the value: inputs are private, and errors reach logs and clients.
    private static BigInteger InField(BigInteger value, Walk walk) =>
        value < FieldModulus ? value : throw walk.Refuse("is not below the field modulus r");

    private static BigInteger Decimal(string digits) => BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static bool AllDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExcept("0123456789");

    private static bool AllHexDigits(ReadOnlySpan<char> text) => !text.ContainsAnyExcept("0123456789abcdefABCDEF");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>
    /// Where the reader is inside one signal's value, and the shape seen so far. Arrays are rectangular when,
    /// at every depth, all elements are of one kind (all arrays or all numbers) and all arrays have one length;
    /// the first element met at each depth sets both, in document order.
    /// </summary>
    private sealed class Walk(string signal)
    {
        private readonly List<int> _path = [];

        private readonly List<Level> _levels = [];

        public int Depth => _path.Count;

        public void Enter() => _path.Add(0);

        public void At(int index) => _path[^1] = index;

        /// <summary>Records the kind of the element at the current depth, refusing a mix of arrays and numbers.</summary>
        public void Arrive(bool isArray)
        {
            if (_levels.Count == Depth)
            {
                _levels.Add(new Level(isArray, Index()));
                return;
            }

            var first = _levels[Depth];
            if (first.IsArray != isArray)
            {
                throw Refuse($"is {(isArray ? "an array" : "a number")}, but {signal}{first.Where} is {(first.IsArray ? "an array" : "a number")}; arrays must be rectangular");
            }
        }

        /// <summary>Closes the array just read, refusing a length that differs from the first array at its depth.</summary>
        public void Leave(int count)
        {
            _path.RemoveAt(_path.Count - 1);
            var first = _levels[Depth];
            if (first.Length is not { } length)
            {
                first.Length = count;
            }
            else if (length != count)
            {
                throw Refuse($"has {count} elements, but {signal}{first.Where} has {length}; arrays must be rectangular");
            }
        }

        public InputException Refuse(string problem) => new(signal, Depth == 0 ? null : Index(), problem);

        private string Index() => string.Concat(_path.Select(i => $"[{i}]"));

        private sealed class Level(bool isArray, string where)
        {
            public bool IsArray { get; } = isArray;

            public string Where { get; } = where;

            public int? Length { get; set; }
        }
    }
}
