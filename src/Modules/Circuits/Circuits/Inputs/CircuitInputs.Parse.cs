using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using CredentialHub.Circuits.Contracts;

namespace CredentialHub.Circuits.Inputs;

internal static partial class CircuitInputs
{
    /// <summary>
    /// Reads an input document: a JSON object whose keys are signal names and whose values are numbers or
    /// rectangular nested arrays of numbers, flattened row-major. Throws <see cref="InputException"/> naming
    /// the signal and index path of the first problem. Nesting, value count and token length are bounded, so a
    /// hostile document costs time linear in its size.
    /// </summary>
    public static IReadOnlyList<InputSignal> Parse(ReadOnlySpan<byte> json) => Parse(json, FieldModulus);

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte})"/>
    /// <param name="json">The input document.</param>
    /// <param name="modulus">The field every value must lie below.</param>
    public static IReadOnlyList<InputSignal> Parse(ReadOnlySpan<byte> json, BigInteger modulus)
    {
        var reading = Read(json, InputRules.Engine(modulus));
        return reading.Signals ?? throw reading.Circuit!;
    }

    /// <summary>
    /// Reads an input document once, in one pass, by the witness calculator's rules and, with
    /// <see cref="InputRules.Declared"/>, against the circuit's declarations as well. A problem against the
    /// declarations (<see cref="Reading.Declared"/>: the JSON path and the problem) comes first wherever it is in the
    /// document; otherwise the first problem by the calculator's rules (<see cref="Reading.Circuit"/>), as
    /// <see cref="Parse(ReadOnlySpan{byte})"/> reports it; otherwise the signals.
    /// </summary>
    public static Reading Read(ReadOnlySpan<byte> json, InputRules rules)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxNesting + 8 });
        var document = new Document(rules);
        var signals = new List<InputSignal>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var signal = "";
        try
        {
            if (!reader.Read())
            {
                throw rules.Request
                    ? new DeclarationProblem("inputs", "must be a JSON object of input signals")
                    : (Exception)new InputException("", null, "the document is empty; expected a JSON object");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw rules.Request
                    ? new DeclarationProblem("inputs", "must be a JSON object of input signals")
                    : (Exception)new InputException("", null, $"the document must be a JSON object, not {Describe(reader.TokenType)}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                signal = reader.GetString()!;
                string path = rules.Request ? $"inputs.{signal}" : signal;
                CircuitInput? declared = null;
                if (document.Declarations is { } declarations && !declarations.TryGetValue(signal, out declared))
                {
                    throw new DeclarationProblem(path, $"is not an input of circuit '{rules.CircuitId}'");
                }

                if (!names.Add(signal))
                {
                    throw declared is not null
                        ? new DeclarationProblem(path, "is given more than once")
                        : (Exception)new InputException(signal, null, "is given more than once");
                }

                reader.Read();
                var values = new List<BigInteger>();
                var walk = new Walk(signal, path, declared, document);
                ReadValue(ref reader, walk, values);
                if (declared is not null)
                {
                    if (walk.Count != declared.Length)
                    {
                        throw new DeclarationProblem(path, $"takes {declared.Length} {(declared.Length == 1 ? "value" : "values")}, got {walk.Count}");
                    }

                    if (walk.ValueProblem is { } problem)
                    {
                        throw problem;
                    }
                }

                signals.Add(new InputSignal(signal, [.. values], walk.Shape()));
            }

            // Reading past the closing brace makes the reader refuse trailing content such as a second value.
            reader.Read();
        }
        catch (JsonException e)
        {
            document.Fail(new InputException(signal, null, $"malformed JSON: {e.Message}"));
        }
        catch (InvalidOperationException e)
        {
            document.Fail(new InputException(signal, null, $"malformed JSON: {e.Message}"));
        }
        catch (InputException e)
        {
            document.Fail(e);
        }
        catch (DeclarationProblem e)
        {
            return new Reading(null, e, null);
        }

        if (document.Declarations is not null)
        {
            foreach (var input in rules.Declared)
            {
                if (!names.Contains(input.Name))
                {
                    return new Reading(null, new DeclarationProblem($"inputs.{input.Name}", "is missing"), null);
                }
            }
        }

        return document.Result(signals);
    }

    /// <summary>
    /// Checks typed inputs against the circuit's declarations as <see cref="Read"/> checks a document: every declared
    /// name given once with its number of values, each below 2^bits where a width is declared and below the modulus.
    /// </summary>
    public static DeclarationProblem? Check(IReadOnlyList<InputSignal> signals, InputRules rules)
    {
        if (rules.Declared.Count == 0)
        {
            return null;
        }

        var declarations = rules.Declared.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signal in signals)
        {
            string path = $"inputs.{signal.Name}";
            if (!declarations.TryGetValue(signal.Name, out var input))
            {
                return new DeclarationProblem(path, $"is not an input of circuit '{rules.CircuitId}'");
            }

            if (!seen.Add(signal.Name))
            {
                return new DeclarationProblem(path, "is given more than once");
            }

            if (signal.Values.Length != input.Length)
            {
                return new DeclarationProblem(path, $"takes {input.Length} {(input.Length == 1 ? "value" : "values")}, got {signal.Values.Length}");
            }

            for (int i = 0; i < signal.Values.Length; i++)
            {
                var value = signal.Values[i];
                string? problem = value.Sign < 0
                    ? (input.DecimalOnly ? "must be a decimal string without sign, spaces or leading zeros" : "must be a decimal string, a 0x-hex string or a JSON integer")
                    : CheckRange(value, input, rules);
                if (problem is not null)
                {
                    return new DeclarationProblem(path + signal.IndexPath(i), problem);
                }
            }
        }

        foreach (var input in rules.Declared)
        {
            if (!seen.Contains(input.Name))
            {
                return new DeclarationProblem($"inputs.{input.Name}", "is missing");
            }
        }

        return null;
    }

    private static void ReadValue(ref Utf8JsonReader reader, Walk walk, List<BigInteger> values)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                if (walk.Depth == MaxNesting)
                {
                    throw walk.Declared is not null
                        ? new DeclarationProblem(walk.Path, $"is nested more than {MaxNesting} levels deep")
                        : (Exception)walk.Refuse($"arrays are nested more than {MaxNesting} levels deep");
                }

                walk.Arrive(isArray: true);
                walk.Enter();
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    walk.At(count);
                    ReadValue(ref reader, walk, values);
                    count++;
                }

                walk.Leave(count);
                break;
            case JsonTokenType.String:
            case JsonTokenType.Number:
                walk.Arrive(isArray: false);
                if (walk.Document.Total == MaxValues)
                {
                    throw walk.Declared is not null
                        ? new DeclarationProblem(walk.Path, "holds too many values")
                        : (Exception)walk.Refuse($"the inputs hold more than {MaxValues} values in total");
                }

                var token = Token.Of(ref reader);
                walk.Count++;
                if (walk.Declared is { } declared && walk.ValueProblem is null && CheckDeclared(token, declared, walk.Document.Rules) is { } problem)
                {
                    walk.ValueProblem = new DeclarationProblem(walk.Path, problem);
                }

                if (ReadNumber(token, walk) is { } value)
                {
                    values.Add(value);
                }

                walk.Document.Total++;
                break;
            default:
                walk.Count++;
                if (walk.Declared is { } expected && walk.ValueProblem is null)
                {
                    walk.ValueProblem = new DeclarationProblem(walk.Path, expected.DecimalOnly ? "must be a decimal string" : "must be a decimal string, a 0x-hex string or a JSON integer");
                }

                walk.Document.Report(walk.Refuse($"{Describe(reader.TokenType)} is not a number; expected a decimal string, a 0x-hex string or a JSON integer"));
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }

                break;
        }
    }

    /// <summary>A string or number token: its text (null when it is longer than any value may be) and kind.</summary>
    private readonly record struct Token(bool IsNumber, string? Text)
    {
        public static Token Of(ref Utf8JsonReader reader)
        {
            var raw = reader.ValueSpan;
            if (reader.TokenType == JsonTokenType.Number)
            {
                return new Token(true, raw.Length > MaxValueLength ? null : Encoding.ASCII.GetString(raw));
            }

            // An escape is at most 6 bytes for one UTF-16 unit, so a longer raw token cannot fit once unescaped.
            if (raw.Length > 6 * MaxValueLength)
            {
                return new Token(false, null);
            }

            var text = reader.GetString()!;
            return new Token(false, text.Length > MaxValueLength ? null : text);
        }
    }

    /// <summary>The calculator's reading of a value: the number, or null once the problem is reported.</summary>
    private static BigInteger? ReadNumber(Token token, Walk walk)
    {
        var tooLong = $"is longer than the {MaxValueLength} characters allowed";
        if (token.IsNumber)
        {
            if (token.Text is not { } number)
            {
                return walk.Refused($"a JSON number {tooLong}");
            }

            if (number.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
            {
                return walk.Refused("is not an integer; fractions and exponents are not allowed");
            }

            if (number[0] == '-')
            {
                return walk.Refused("is negative; values must lie in [0, r)");
            }

            return InField(Decimal(number), walk);
        }

        if (token.Text is not { } text)
        {
            return walk.Refused($"a string {tooLong}");
        }

        if (text.Length == 0)
        {
            return walk.Refused("an empty string is not a number");
        }

        if (text[0] == '-' && text.Length > 1 && AllDigits(text.AsSpan(1)))
        {
            return walk.Refused("is negative; values must lie in [0, r)");
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2 && AllHexDigits(text.AsSpan(2)))
        {
            return InField(BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), walk);
        }

        if (AllDigits(text))
        {
            return InField(Decimal(text), walk);
        }

        return walk.Refused("is not a decimal or 0x-hex number");
    }

    /// <summary>
    /// A value against its declaration: a decimal string without sign or leading zeros (of at most as many digits as
    /// the modulus has, plus one), or where the declaration allows, a JSON integer or 0x-hex of at most the modulus's
    /// width; below 2^bits where a width is declared; below the modulus. Null when it fits.
    /// </summary>
    private static string? CheckDeclared(Token token, CircuitInput input, InputRules rules)
    {
        string generic = "must be a decimal string, a 0x-hex string or a JSON integer";
        if (token.IsNumber && input.DecimalOnly)
        {
            return "must be a decimal string";
        }

        string malformed = input.DecimalOnly ? "must be a decimal string without sign, spaces or leading zeros" : generic;
        if (token.Text is not { } text)
        {
            return token.IsNumber ? generic : malformed;
        }

        BigInteger number;
        if (text.Length > 0 && text.Length <= rules.MaxDecimalDigits && AllDigits(text) && (text.Length == 1 || text[0] != '0'))
        {
            number = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        else if (!input.DecimalOnly && text.Length > 2 && text.Length <= 2 + rules.MaxHexDigits && text.StartsWith("0x", StringComparison.Ordinal) && AllHexDigits(text.AsSpan(2)))
        {
            number = BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else
        {
            return malformed;
        }

        return CheckRange(number, input, rules);
    }

    private static string? CheckRange(BigInteger number, CircuitInput input, InputRules rules)
    {
        if (input.Bits is { } bits && number >= BigInteger.One << bits)
        {
            return $"must lie in [0, 2^{bits})";
        }

        return rules.Modulus is { } modulus && number >= modulus ? "must be below the field modulus r" : null;
    }

    // Messages never repeat the value: inputs are private, and errors reach logs and clients.
    private static BigInteger? InField(BigInteger value, Walk walk) =>
        walk.Document.Rules.Modulus is not { } modulus || value < modulus ? value : walk.Refused("is not below the field modulus r");

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

    /// <summary>What a reading found: the signals, or a problem against the declarations, or by the calculator's rules.</summary>
    internal sealed record Reading(IReadOnlyList<InputSignal>? Signals, DeclarationProblem? Declared, InputException? Circuit);

    /// <summary>A problem against the circuit's declarations: the JSON path of the value and what is wrong with it.</summary>
    internal sealed class DeclarationProblem(string field, string problem) : Exception($"{field} {problem}")
    {
        public string Field { get; } = field;

        public string Problem { get; } = problem;
    }

    /// <summary>
    /// One document being read. By the calculator's rules alone, its first problem ends the reading (thrown); with
    /// declarations it is kept and the reading goes on, since a problem against the declarations further on comes first.
    /// </summary>
    private sealed class Document(InputRules rules)
    {
        public InputRules Rules { get; } = rules;

        public Dictionary<string, CircuitInput>? Declarations { get; } =
            rules.Declared.Count == 0 ? null : rules.Declared.ToDictionary(i => i.Name, StringComparer.Ordinal);

        public int Total { get; set; }

        public InputException? Circuit { get; private set; }

        public void Report(InputException problem)
        {
            if (Declarations is null)
            {
                throw problem;
            }

            Circuit ??= problem;
        }

        public void Report(DeclarationProblem problem) => throw problem;

        /// <summary>Keeps the problem that ended the reading, unless an earlier one was kept.</summary>
        public void Fail(InputException problem) => Circuit ??= problem;

        public Reading Result(List<InputSignal> signals) => Circuit is null ? new Reading(signals, null, null) : new Reading(null, null, Circuit);
    }

    /// <summary>
    /// Where the reader is inside one signal's value, and the shape seen so far. Arrays are rectangular when,
    /// at every depth, all elements are of one kind (all arrays or all numbers) and all arrays have one length;
    /// the first element met at each depth sets both, in document order. With a declaration, it also counts the
    /// values and keeps the first that does not fit the declaration.
    /// </summary>
    private sealed class Walk(string signal, string path, CircuitInput? declared, Document document)
    {
        private readonly List<int> _path = [];

        private readonly List<Level> _levels = [];

        public Document Document { get; } = document;

        public CircuitInput? Declared { get; } = declared;

        /// <summary>The JSON path of the value the reader is at, as a proving request names it.</summary>
        public string Path => path + Index();

        /// <summary>The values met so far (every element that is not an array, number or not).</summary>
        public int Count { get; set; }

        /// <summary>The first value that does not fit the declaration.</summary>
        public DeclarationProblem? ValueProblem { get; set; }

        public int Depth => _path.Count;

        public void Enter() => _path.Add(0);

        public void At(int index) => _path[^1] = index;

        /// <summary>The array dimensions, as the first element at each depth set them.</summary>
        public int[] Shape() => [.. _levels.TakeWhile(l => l.IsArray).Select(l => l.Length ?? 0)];

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
                Document.Report(Refuse($"is {(isArray ? "an array" : "a number")}, but {signal}{first.Where} is {(first.IsArray ? "an array" : "a number")}; arrays must be rectangular"));
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
                Document.Report(Refuse($"has {count} elements, but {signal}{first.Where} has {length}; arrays must be rectangular"));
            }
        }

        public InputException Refuse(string problem) => new(signal, Depth == 0 ? null : Index(), problem);

        /// <summary>Reports a value the calculator refuses; null, the value it reads as, when the reading goes on.</summary>
        public BigInteger? Refused(string problem)
        {
            Document.Report(Refuse(problem));
            return null;
        }

        private string Index() => string.Concat(_path.Select(i => $"[{i}]"));

        private sealed class Level(bool isArray, string where)
        {
            public bool IsArray { get; } = isArray;

            public string Where { get; } = where;

            public int? Length { get; set; }
        }
    }
}
