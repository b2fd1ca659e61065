using System.Text.Json;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16;

/// <summary>
/// A Groth16 verification key as snarkjs exports it (verification_key.json), decoded and checked once:
/// every point on its curve and in its subgroup, IC of length nPublic + 1, and, when present,
/// vk_alphabeta_12 equal to e(α, β). γ and δ are kept with their Miller-loop lines precomputed, and
/// e(α, β) is kept inverted, so a verification costs three Miller loops and one final exponentiation,
/// and IC[1..] are expanded into fixed-base tables.
/// </summary>
public sealed class VerificationKey : IVerificationKey
{
    private VerificationKey(G1Affine alpha1, G2Affine beta2, G2Affine gamma2, G2Affine delta2, G1Affine[] ic, Fp12 alphaBeta)
    {
        Alpha1 = alpha1;
        Beta2 = beta2;
        Gamma2 = gamma2;
        Delta2 = delta2;
        IC = ic;
        AlphaBeta = alphaBeta;
        AlphaBetaInverse = alphaBeta.Conjugate();
        GammaPrepared = G2Prepared.Prepare(gamma2);
        DeltaPrepared = G2Prepared.Prepare(delta2);
        _betaPrepared = new Lazy<G2Prepared>(() => G2Prepared.Prepare(beta2));
        ICTables = ic.Skip(1).Select(p => new G1FixedBase(p)).ToArray();
    }

    public G1Affine Alpha1 { get; }
    public G2Affine Beta2 { get; }
    public G2Affine Gamma2 { get; }
    public G2Affine Delta2 { get; }
    public IReadOnlyList<G1Affine> IC { get; }
    public Fp12 AlphaBeta { get; }
    public int PublicSignalCount => IC.Count - 1;

    internal Fp12 AlphaBetaInverse { get; }
    internal G2Prepared GammaPrepared { get; }
    internal G2Prepared DeltaPrepared { get; }

    /// <summary>β with its lines, for the batch verifier (which pairs (Σ rᵢ)·α with β instead of using e(α, β)); prepared on first use.</summary>
    internal G2Prepared BetaPrepared => _betaPrepared.Value;

    private readonly Lazy<G2Prepared> _betaPrepared;

    /// <summary>Fixed-base tables for IC[1..], so Σ pubᵢ·ICᵢ costs additions only.</summary>
    internal G1FixedBase[] ICTables { get; }

    public static VerificationKey FromPoints(G1Affine alpha1, G2Affine beta2, G2Affine gamma2, G2Affine delta2, G1Affine[] ic) =>
        new(alpha1, beta2, gamma2, delta2, ic, Pairing.Pair(alpha1, beta2));

    /// <summary>verification_key.json exactly as `snarkjs zkey export verificationkey` writes it.</summary>
    public string ToJson()
    {
        static object Fp2Text(Fp2 x) => new[] { x.C0.ToString(), x.C1.ToString() };
        static object Fp6Text(Fp6 x) => new[] { Fp2Text(x.C0), Fp2Text(x.C1), Fp2Text(x.C2) };
        var obj = new Dictionary<string, object>
        {
            ["protocol"] = "groth16",
            ["curve"] = "bn128",
            ["nPublic"] = PublicSignalCount,
            ["vk_alpha_1"] = PointText.ToText(Alpha1),
            ["vk_beta_2"] = PointText.ToText(Beta2),
            ["vk_gamma_2"] = PointText.ToText(Gamma2),
            ["vk_delta_2"] = PointText.ToText(Delta2),
            ["vk_alphabeta_12"] = new[] { Fp6Text(AlphaBeta.C0), Fp6Text(AlphaBeta.C1) },
            ["IC"] = IC.Select(p => (object)PointText.ToText(p)).ToList(),
        };
        return SnarkjsStyle.Serialize(obj);
    }

    /// <summary>Reads verification_key.json; throws <see cref="ProofFormatException"/> naming the field at fault.</summary>
    public static VerificationKey Parse(ReadOnlySpan<byte> json)
    {
        const ProofDocument doc = ProofDocument.VerificationKey;
        using var document = SnarkjsJson.Parse(json, doc);
        var root = document.RootElement;

        string protocol = SnarkjsJson.Text(SnarkjsJson.Property(root, "protocol", doc), doc, "$.protocol");
        if (protocol != "groth16")
        {
            throw new ProofFormatException(doc, "$.protocol", $"'{protocol}' is not supported; expected 'groth16'");
        }
        string curve = SnarkjsJson.Text(SnarkjsJson.Property(root, "curve", doc), doc, "$.curve");
        if (!SnarkjsJson.IsBn254Name(curve))
        {
            throw new ProofFormatException(doc, "$.curve", $"'{curve}' is not supported; expected 'bn128'");
        }
        var nPublicElement = SnarkjsJson.Property(root, "nPublic", doc);
        if (nPublicElement.ValueKind != JsonValueKind.Number || !nPublicElement.TryGetInt32(out int nPublic) || nPublic < 0)
        {
            throw new ProofFormatException(doc, "$.nPublic", "expected a non-negative integer");
        }

        G1Affine alpha = DecodeG1(SnarkjsJson.G1(SnarkjsJson.Property(root, "vk_alpha_1", doc), doc, "$.vk_alpha_1"));
        G2Affine beta = DecodeG2(SnarkjsJson.G2(SnarkjsJson.Property(root, "vk_beta_2", doc), doc, "$.vk_beta_2"));
        G2Affine gamma = DecodeG2(SnarkjsJson.G2(SnarkjsJson.Property(root, "vk_gamma_2", doc), doc, "$.vk_gamma_2"));
        G2Affine delta = DecodeG2(SnarkjsJson.G2(SnarkjsJson.Property(root, "vk_delta_2", doc), doc, "$.vk_delta_2"));

        var icElement = SnarkjsJson.Array(SnarkjsJson.Property(root, "IC", doc), -1, doc, "$.IC");
        int icCount = icElement.GetArrayLength();
        if (icCount != nPublic + 1)
        {
            throw new ProofFormatException(doc, "$.IC", $"expected nPublic + 1 = {nPublic + 1} points, found {icCount}");
        }
        var ic = new G1Affine[icCount];
        for (int i = 0; i < icCount; i++)
        {
            ic[i] = DecodeG1(SnarkjsJson.G1(icElement[i], doc, $"$.IC[{i}]"));
        }

        foreach (var (point, name) in new[] { (alpha.IsIdentity, "vk_alpha_1"), (beta.IsIdentity, "vk_beta_2"), (gamma.IsIdentity, "vk_gamma_2"), (delta.IsIdentity, "vk_delta_2") })
        {
            if (point)
            {
                throw new ProofFormatException(doc, $"$.{name}", "is the point at infinity");
            }
        }

        Fp12 alphaBeta = Pairing.Pair(alpha, beta);
        if (root.TryGetProperty("vk_alphabeta_12", out var given))
        {
            Fp12 stated = ParseFp12(given, "$.vk_alphabeta_12");
            if (stated != alphaBeta)
            {
                throw new ProofFormatException(doc, "$.vk_alphabeta_12", "does not equal e(vk_alpha_1, vk_beta_2)");
            }
        }
        return new VerificationKey(alpha, beta, gamma, delta, ic, alphaBeta);
    }

    /// <summary>Reads snarkjs's nested [[[c0,c1] ×3] ×2] form of an Fp12 element.</summary>
    internal static Fp12 ParseFp12(JsonElement element, string path)
    {
        const ProofDocument doc = ProofDocument.VerificationKey;
        SnarkjsJson.Array(element, 2, doc, path);
        var halves = new Fp6[2];
        for (int i = 0; i < 2; i++)
        {
            var half = SnarkjsJson.Array(element[i], 3, doc, $"{path}[{i}]");
            var coefficients = new Fp2[3];
            for (int j = 0; j < 3; j++)
            {
                var pair = SnarkjsJson.Array(half[j], 2, doc, $"{path}[{i}][{j}]");
                var parts = new Fp[2];
                for (int k = 0; k < 2; k++)
                {
                    string at = $"{path}[{i}][{j}][{k}]";
                    if (!Fp.TryParse(SnarkjsJson.Text(pair[k], doc, at), out parts[k]))
                    {
                        throw new ProofFormatException(doc, at, "is not a canonical decimal field element below q");
                    }
                }
                coefficients[j] = new Fp2(parts[0], parts[1]);
            }
            halves[i] = new Fp6(coefficients[0], coefficients[1], coefficients[2]);
        }
        return new Fp12(halves[0], halves[1]);
    }

    private static G1Affine DecodeG1(JsonG1 text) =>
        PointText.TryDecode(text, out var point, out var problem)
            ? point
            : throw new ProofFormatException(ProofDocument.VerificationKey, problem.Path, problem.Problem);

    private static G2Affine DecodeG2(JsonG2 text) =>
        PointText.TryDecode(text, out var point, out var problem)
            ? point
            : throw new ProofFormatException(ProofDocument.VerificationKey, problem.Path, problem.Problem);
}
