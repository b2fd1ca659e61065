using System.Text.Json.Nodes;

namespace CredentialHub.TestSupport;

/// <summary>
/// The public signals the selective-disclosure circuit (circuits/selective-disclosure) outputs for an input, computed
/// without running it (revealed = mask · attribute), in the circuit's order: revealed attributes, the issuer key, the
/// mask, the predicates' indices, kinds and thresholds, the nonce and the date. The real circuit runs in the
/// integration tests.
/// </summary>
public static class SelectiveDisclosureSignals
{
    /// <summary>The signals for an input file's JSON object (values as decimal strings).</summary>
    public static List<string> Of(JsonObject input)
    {
        string[] Values(string name) => [.. input[name]!.AsArray().Select(v => v!.GetValue<string>())];
        var attributes = Values("attributes");
        var mask = Values("reveal_mask");
        var signals = new List<string>();
        signals.AddRange(attributes.Select((a, i) => mask[i] == "1" ? a : "0"));
        signals.Add(input["issuer_Ax"]!.GetValue<string>());
        signals.Add(input["issuer_Ay"]!.GetValue<string>());
        signals.AddRange(mask);
        signals.AddRange(Values("predicate_index"));
        signals.AddRange(Values("predicate_kind"));
        signals.AddRange(Values("predicate_threshold"));
        signals.Add(input["nonce"]!.GetValue<string>());
        signals.Add(input["now"]!.GetValue<string>());
        return signals;
    }
}
