using System.Globalization;
using System.Numerics;
using System.Text.Json;
using CredentialHub.Circuits.Contracts;

namespace CredentialHub.Proofs.Api;

/// <summary>
/// Checks proving inputs against the input signals a circuit declares, before any witness work: exactly the
/// declared names, each with exactly its number of values (nested arrays count flattened), decimal strings where
/// the circuit asks for them, every value below 2^bits where a width is declared and below r always. A refusal
/// names the JSON path of the value (<c>inputs.assets[3]</c>) and never repeats the value: inputs are private.
/// Circuits that declare no inputs are checked by the witness engine alone, with the same care.
/// </summary>
internal static class InputSchema
{
    private const int MaxDigits = 78;

    private static readonly BigInteger FieldModulus =
        BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617", CultureInfo.InvariantCulture);

    /// <summary>Null when the inputs fit; otherwise the field at fault and the problem.</summary>
    public static (string Field, string Problem)? Check(JsonElement inputs, CircuitDescriptor circuit)
    {
        if (inputs.ValueKind != JsonValueKind.Object)
        {
            return ("inputs", "must be a JSON object of input signals");
        }
        if (circuit.Inputs.Count == 0)
        {
            return null;
        }
        var declared = circuit.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in inputs.EnumerateObject())
        {
            string path = $"inputs.{property.Name}";
            if (!declared.TryGetValue(property.Name, out var input))
            {
                return (path, $"is not an input of circuit '{circuit.Id}'");
            }
            if (!seen.Add(property.Name))
            {
                return (path, "is given more than once");
            }
            var values = new List<(JsonElement Value, string Path)>();
            if (Flatten(property.Value, path, values, 0) is { } shapeProblem)
            {
                return shapeProblem;
            }
            if (values.Count != input.Length)
            {
                return (path, $"takes {input.Length} {(input.Length == 1 ? "value" : "values")}, got {values.Count}");
            }
            foreach (var (value, at) in values)
            {
                if (CheckValue(value, input) is { } problem)
                {
                    return (at, problem);
                }
            }
        }
        foreach (var input in circuit.Inputs)
        {
            if (!seen.Contains(input.Name))
            {
                return ($"inputs.{input.Name}", "is missing");
            }
        }
        return null;
    }

    private static (string, string)? Flatten(JsonElement element, string path, List<(JsonElement, string)> values, int depth)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            values.Add((element, path));
            return null;
        }
        if (depth >= 8)
        {
            return (path, "is nested more than 8 levels deep");
        }
        int index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (Flatten(item, $"{path}[{index++}]", values, depth + 1) is { } problem)
            {
                return problem;
            }
            if (values.Count > 1 << 20)
            {
                return (path, "holds too many values");
            }
        }
        return null;
    }

    private static string? CheckValue(JsonElement value, CircuitInput input)
    {
        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when !input.DecimalOnly => value.GetRawText(),
            _ => null,
        };
        if (text is null)
        {
            return input.DecimalOnly ? "must be a decimal string" : "must be a decimal string, a 0x-hex string or a JSON integer";
        }
        BigInteger number;
        if (text.Length > 0 && text.Length <= MaxDigits && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0'))
        {
            number = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        else if (!input.DecimalOnly && text.Length > 2 && text.Length <= 66 && text.StartsWith("0x", StringComparison.Ordinal) && text.Skip(2).All(char.IsAsciiHexDigit))
        {
            number = BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else
        {
            return input.DecimalOnly
                ? "must be a decimal string without sign, spaces or leading zeros"
                : "must be a decimal string, a 0x-hex string or a JSON integer";
        }
        if (input.Bits is { } bits && number >= BigInteger.One << bits)
        {
            return $"must lie in [0, 2^{bits})";
        }
        return number < FieldModulus ? null : "must be below the field modulus r";
    }
}
