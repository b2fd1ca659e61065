using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace CredentialHub.Bn254.Tests.Support;

/// <summary>
/// The published BN254 constants of vectors/bn254-constants.json (its "source" names where each
/// value comes from), so that the library's derived or pasted constants are checked against data.
/// </summary>
internal static class Bn254Vectors
{
    private static readonly JsonElement Root = Load();

    internal static BigInteger Q { get; } = Integer(Root.GetProperty("q"));
    internal static BigInteger R { get; } = Integer(Root.GetProperty("r"));
    internal static BigInteger Z { get; } = Integer(Root.GetProperty("z"));
    internal static BigInteger G1B { get; } = Integer(Root.GetProperty("g1").GetProperty("b"));
    internal static (BigInteger X, BigInteger Y) G1Generator { get; } = Pair(Root.GetProperty("g1").GetProperty("generator"));
    internal static (BigInteger C0, BigInteger C1) G2B { get; } = Quadratic(Root.GetProperty("g2").GetProperty("b"));
    internal static (BigInteger C0, BigInteger C1) G2GeneratorX { get; } = Quadratic(Root.GetProperty("g2").GetProperty("generator").GetProperty("x"));
    internal static (BigInteger C0, BigInteger C1) G2GeneratorY { get; } = Quadratic(Root.GetProperty("g2").GetProperty("generator").GetProperty("y"));
    internal static BigInteger G2Cofactor { get; } = Integer(Root.GetProperty("g2").GetProperty("cofactor"));

    /// <summary>How a zkey stores the circuit coefficient 1 (c·R² mod r with R = 2^256).</summary>
    internal static BigInteger ZkeyCoefficientOne { get; } = Integer(Root.GetProperty("zkeyCoefficientOne"));

    private static JsonElement Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "vectors", "bn254-constants.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    private static BigInteger Integer(JsonElement value)
    {
        string text = value.GetString() ?? throw new InvalidDataException("constant without a value");
        return text.StartsWith("0x", StringComparison.Ordinal)
            ? BigInteger.Parse("0" + text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)
            : BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static (BigInteger, BigInteger) Pair(JsonElement point) =>
        (Integer(point.GetProperty("x")), Integer(point.GetProperty("y")));

    private static (BigInteger, BigInteger) Quadratic(JsonElement pair) => (Integer(pair[0]), Integer(pair[1]));
}
