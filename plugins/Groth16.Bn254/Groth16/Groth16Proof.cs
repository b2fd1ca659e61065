using CredentialHub.Bn254.Curves;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16;

/// <summary>A Groth16 proof (A ∈ G1, B ∈ G2, C ∈ G1), as in snarkjs's proof.json.</summary>
public sealed record Groth16Proof(G1Affine A, G2Affine B, G1Affine C)
{
    /// <summary>The structure of proof.json (snarkjs, or rapidsnark's without "curve").</summary>
    internal sealed record Text(JsonG1 A, JsonG2 B, JsonG1 C, string? Protocol, string? Curve);

    /// <summary>Reads the structure of proof.json; throws <see cref="ProofFormatException"/> naming the field at fault.</summary>
    internal static Text ReadText(ReadOnlySpan<byte> json)
    {
        const ProofDocument doc = ProofDocument.Proof;
        using var document = SnarkjsJson.Parse(json, doc);
        var root = document.RootElement;
        var a = SnarkjsJson.G1(SnarkjsJson.Property(root, "pi_a", doc), doc, "$.pi_a");
        var b = SnarkjsJson.G2(SnarkjsJson.Property(root, "pi_b", doc), doc, "$.pi_b");
        var c = SnarkjsJson.G1(SnarkjsJson.Property(root, "pi_c", doc), doc, "$.pi_c");
        return new Text(a, b, c, SnarkjsJson.OptionalString(root, "protocol", doc), SnarkjsJson.OptionalString(root, "curve", doc));
    }

    /// <summary>
    /// Decodes and checks the points: coordinates canonical and below q, A and C on E, B on the twist
    /// and in G2; none of them the point at infinity. On failure the reason names the field.
    /// </summary>
    internal static bool TryDecode(Text text, out Groth16Proof proof, out string reason)
    {
        proof = null!;
        if (text.Protocol is { } protocol && protocol != "groth16")
        {
            reason = $"proof $.protocol is '{protocol}', not 'groth16'";
            return false;
        }
        if (text.Curve is { } curve && !SnarkjsJson.IsBn254Name(curve))
        {
            reason = $"proof $.curve is '{curve}', not 'bn128'";
            return false;
        }
        if (!PointText.TryDecode(text.A, out G1Affine a, out var problem)
            || !PointText.TryDecode(text.B, out G2Affine b, out problem)
            || !PointText.TryDecode(text.C, out G1Affine c, out problem))
        {
            reason = $"proof {problem}";
            return false;
        }
        string? identity = a.IsIdentity ? "$.pi_a" : b.IsIdentity ? "$.pi_b" : c.IsIdentity ? "$.pi_c" : null;
        if (identity is not null)
        {
            reason = $"proof {identity} is the point at infinity";
            return false;
        }
        proof = new Groth16Proof(a, b, c);
        reason = "";
        return true;
    }

    /// <summary>
    /// What <see cref="TryDecode"/> would refuse in this proof once written as proof.json, in its words: a point off
    /// its curve, B outside G2, a point at infinity. Null when there is nothing.
    /// </summary>
    internal static string? FindProblem(Groth16Proof proof)
    {
        if (!proof.A.IsOnCurve)
        {
            return "proof $.pi_a is not on the curve y² = x³ + 3";
        }
        if (!proof.B.IsOnCurve)
        {
            return "proof $.pi_b is not on the twist curve y² = x³ + 3/(9+u)";
        }
        if (!proof.B.IsIdentity && !proof.B.IsInSubgroup)
        {
            return "proof $.pi_b is on the twist curve but not in the order-r subgroup G2";
        }
        if (!proof.C.IsOnCurve)
        {
            return "proof $.pi_c is not on the curve y² = x³ + 3";
        }
        string? identity = proof.A.IsIdentity ? "$.pi_a" : proof.B.IsIdentity ? "$.pi_b" : proof.C.IsIdentity ? "$.pi_c" : null;
        return identity is null ? null : $"proof {identity} is the point at infinity";
    }

    /// <summary>proof.json exactly as snarkjs writes it: JSON.stringify(obj, null, 1), no trailing newline.</summary>
    public string ToJson()
    {
        var obj = new Dictionary<string, object>
        {
            ["pi_a"] = PointText.ToText(A),
            ["pi_b"] = PointText.ToText(B),
            ["pi_c"] = PointText.ToText(C),
            ["protocol"] = "groth16",
            ["curve"] = "bn128",
        };
        return SnarkjsStyle.Serialize(obj);
    }
}
