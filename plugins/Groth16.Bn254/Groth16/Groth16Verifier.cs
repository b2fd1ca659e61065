using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16;

/// <summary>
/// Groth16 verification as `snarkjs groth16 verify` does it (FORMATS.md §6):
/// e(A, B) = e(α, β)·e(Σ pubᵢ·ICᵢ, γ)·e(C, δ), checked as e(−A, B)·e(cpub, γ)·e(C, δ) = e(α, β)⁻¹ with one
/// shared final exponentiation. Stricter than snarkjs: the number of public signals must equal nPublic,
/// every signal must be a canonical decimal below r, B must be in G2 (not just on the twist), and no
/// proof point may be the point at infinity.
/// </summary>
public static class Groth16Verifier
{
    /// <summary>
    /// Verifies proof.json and public.json against a key. Throws <see cref="ProofFormatException"/> only when
    /// a document cannot be read; every failed check is an invalid outcome with its reason.
    /// </summary>
    public static VerificationOutcome Verify(VerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson) =>
        Decode(key, publicSignalsJson, proofJson, out Fr[] signals, out var proof) ?? VerifyChecked(key, signals, proof);

    /// <summary>
    /// Verifies a proof this plugin made as it is, with the outcome and reason its proof.json and public.json would
    /// get: the checks reading them makes (the number of public signals, each point on its curve and B in G2, none the
    /// point at infinity), then <see cref="Verify(VerificationKey, ReadOnlySpan{Fr}, Groth16Proof)"/>.
    /// </summary>
    internal static VerificationOutcome Verify(VerificationKey key, Groth16Artifacts made)
    {
        if (made.Signals.Length != key.PublicSignalCount)
        {
            return VerificationOutcome.Invalid($"the verification key expects {key.PublicSignalCount} public signals, public.json has {made.Signals.Length}");
        }
        if (Groth16Proof.FindProblem(made.Proof) is { } reason)
        {
            return VerificationOutcome.Invalid(reason);
        }
        return Verify(key, made.Signals, made.Proof);
    }

    public static VerificationOutcome Verify(VerificationKey key, ReadOnlySpan<Fr> publicSignals, Groth16Proof proof) =>
        Check(key, publicSignals, proof) ?? VerifyChecked(key, publicSignals, proof);

    /// <summary>
    /// The pairing equation alone, for signals and a proof that passed <see cref="Check"/> or <see cref="Decode"/>
    /// (which establishes the same: the number of signals, each point on its curve, B in G2, none the identity), so that
    /// B's subgroup check, a tenth of a verification, runs once.
    /// </summary>
    internal static VerificationOutcome VerifyChecked(VerificationKey key, ReadOnlySpan<Fr> publicSignals, Groth16Proof proof)
    {
        G1Jacobian cpub = key.IC[0].ToJacobian();
        for (int i = 0; i < publicSignals.Length; i++)
        {
            cpub += key.ICTables[i].Multiply(publicSignals[i]);
        }

        ReadOnlySpan<G1Affine> ps = [proof.A.Negate(), cpub.ToAffine(), proof.C];
        ReadOnlySpan<G2Prepared> qs = [G2Prepared.Prepare(proof.B), key.GammaPrepared, key.DeltaPrepared];
        Fp12 product = Pairing.FinalExponentiation(Pairing.MillerLoop(ps, qs));
        return product == key.AlphaBetaInverse
            ? VerificationOutcome.Valid
            : VerificationOutcome.Invalid("the pairing equation e(A, B) = e(α, β)·e(Σ pub·IC, γ)·e(C, δ) does not hold");
    }

    /// <summary>
    /// The reading step of the JSON <see cref="Verify(VerificationKey, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>:
    /// null with the decoded signals and proof, or the invalid outcome. Throws <see cref="ProofFormatException"/>
    /// when a document cannot be read. What it accepts passes <see cref="Check"/>: the signals' number is the key's,
    /// every point is on its curve, B is in G2, and no point is the identity.
    /// </summary>
    internal static VerificationOutcome? Decode(VerificationKey key, ReadOnlySpan<byte> publicSignalsJson, ReadOnlySpan<byte> proofJson, out Fr[] signals, out Groth16Proof proof)
    {
        var signalsText = PublicSignals.ReadText(publicSignalsJson);
        var proofText = Groth16Proof.ReadText(proofJson);
        proof = null!;
        if (!PublicSignals.TryDecode(signalsText, key.PublicSignalCount, out signals, out string reason))
        {
            return VerificationOutcome.Invalid(reason);
        }
        if (!Groth16Proof.TryDecode(proofText, out proof, out reason))
        {
            return VerificationOutcome.Invalid(reason);
        }
        return null;
    }

    /// <summary>
    /// Every check of <see cref="Verify(VerificationKey, ReadOnlySpan{Fr}, Groth16Proof)"/> before its pairing
    /// equation: null when they all pass, otherwise the invalid outcome. The batch verifier relies on them (points
    /// in G1 and G2, none the identity) for its random linear combination to be sound.
    /// </summary>
    internal static VerificationOutcome? Check(VerificationKey key, ReadOnlySpan<Fr> publicSignals, Groth16Proof proof)
    {
        if (publicSignals.Length != key.PublicSignalCount)
        {
            return VerificationOutcome.Invalid($"the verification key expects {key.PublicSignalCount} public signals, got {publicSignals.Length}");
        }
        if (proof.A.IsIdentity || proof.B.IsIdentity || proof.C.IsIdentity)
        {
            return VerificationOutcome.Invalid("a proof point is the point at infinity");
        }
        if (!proof.A.IsOnCurve || !proof.C.IsOnCurve)
        {
            return VerificationOutcome.Invalid("a G1 proof point is not on the curve");
        }
        if (!proof.B.IsInSubgroup)
        {
            return VerificationOutcome.Invalid("proof point B is not in G2");
        }
        return null;
    }
}
