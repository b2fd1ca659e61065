using System.Text.Json;
using CredentialHub.Bn254.Fields;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16;

/// <summary>public.json: an array of decimal strings, outputs first, then public inputs.</summary>
public static class PublicSignals
{
    /// <summary>Reads the array; throws <see cref="ProofFormatException"/> when the document is not a JSON array.</summary>
    internal static JsonElement[] ReadText(ReadOnlySpan<byte> json)
    {
        using var document = SnarkjsJson.Parse(json, ProofDocument.PublicSignals);
        var root = SnarkjsJson.Array(document.RootElement, -1, ProofDocument.PublicSignals, "$");
        return root.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>Every signal must be a canonical decimal string (no sign, no leading zeros, no hex) below r.</summary>
    internal static bool TryDecode(JsonElement[] text, int expectedCount, out Fr[] signals, out string reason)
    {
        signals = [];
        if (text.Length != expectedCount)
        {
            reason = $"the verification key expects {expectedCount} public signals, public.json has {text.Length}";
            return false;
        }
        var values = new Fr[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i].ValueKind != JsonValueKind.String)
            {
                reason = $"public signal $[{i}] is {SnarkjsJson.Describe(text[i])}, not a decimal string";
                return false;
            }
            if (!Fr.TryParse(text[i].GetString(), out values[i]))
            {
                reason = $"public signal $[{i}] is not a canonical decimal below r";
                return false;
            }
        }
        signals = values;
        reason = "";
        return true;
    }

    /// <summary>public.json exactly as snarkjs writes it.</summary>
    public static string ToJson(IEnumerable<Fr> signals) => SnarkjsStyle.Serialize(signals.Select(s => (object)s.ToString()).ToList());
}
