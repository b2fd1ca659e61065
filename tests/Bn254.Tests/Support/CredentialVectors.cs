using System.Numerics;
using System.Text.Json;
using CredentialHub.Bn254.BabyJubJub;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Tests.Support;

/// <summary>
/// vectors/credentials/credentials.json, written by generate.js from circomlibjs 0.1.7 and blake-hash
/// 2.0.0 (see SOURCE.md there): Poseidon, BabyJubJub, EdDSA-Poseidon and BLAKE-512 vectors.
/// </summary>
internal static class CredentialVectors
{
    internal static JsonElement Root { get; } = Load();

    internal static JsonElement Poseidon => Root.GetProperty("poseidon");
    internal static JsonElement BabyJubJub => Root.GetProperty("babyJubJub");

    internal static BigInteger Integer(JsonElement value) => BigInteger.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    internal static Fr Field(JsonElement value) => Fr.Parse(value.GetString()!);

    internal static BabyJubJubAffine Point(JsonElement value) => new(Field(value.GetProperty("x")), Field(value.GetProperty("y")));

    internal static byte[] Hex(JsonElement value) => Convert.FromHexString(value.GetString()!);

    private static JsonElement Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "vectors", "credentials", "credentials.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
