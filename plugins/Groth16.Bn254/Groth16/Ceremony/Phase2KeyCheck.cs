using System.Runtime.InteropServices;
using CredentialHub.Bn254.Curves;
using CredentialHub.Groth16.Formats;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Compares a key with the initial key of its circuit and ceremony, as <c>snarkjs zkey verify</c> does after
/// checking the contribution chain: phase 2 may change δ (G1 and G2, by the same secret) and, with it, the C and H
/// sections; everything else must be exactly what the r1cs and the ptau give.
/// </summary>
internal static class Phase2KeyCheck
{
    /// <summary>The first check the key fails, in snarkjs's order, or null when it passes them all.</summary>
    /// <param name="initial">The key rebuilt from the r1cs and the ptau (δ = 1).</param>
    /// <param name="final">The key to check.</param>
    /// <param name="chainDelta1">δ₁ after the last contribution of the key's checked contribution chain (the generator when there is none).</param>
    /// <param name="tauG1">The ptau's powers [τ^i]₁, at least 2n − 1 of them.</param>
    internal static string? FirstFailure(ProvingKey initial, ProvingKey final, G1Affine chainDelta1, ReadOnlySpan<G1Affine> tauG1)
    {
        if (initial.NVars != final.NVars || initial.NPublic != final.NPublic || initial.DomainSize != final.DomainSize)
        {
            return $"the key is for another circuit: {final.NVars} wires, {final.NPublic} public signals, domain {final.DomainSize}; the r1cs gives {initial.NVars}, {initial.NPublic}, {initial.DomainSize}";
        }
        if (final.Alpha1 != initial.Alpha1)
        {
            return "alpha1 is not the ptau's";
        }
        if (final.Beta1 != initial.Beta1)
        {
            return "beta1 is not the ptau's";
        }
        if (final.Beta2 != initial.Beta2)
        {
            return "beta2 is not the ptau's";
        }
        if (final.Gamma2 != initial.Gamma2)
        {
            return "gamma2 is not the generator of G2";
        }
        if (final.Delta1 != chainDelta1)
        {
            return "delta1 is not the last contribution's deltaAfter";
        }
        if (!SameRatio.Holds(G1Affine.Generator, final.Delta1, G2Affine.Generator, final.Delta2))
        {
            return "delta2 does not match delta1 (not the same secret in G1 and G2)";
        }
        if (!SameBytes(initial.IC, final.IC))
        {
            return "the IC section is not the one the r1cs and the ptau give";
        }
        if (!SameBytes<ZkeyCoefficient>(initial.Coefficients, final.Coefficients))
        {
            return "the coefficients section is not the one the r1cs gives";
        }
        if (!SameBytes(initial.A.Span, final.A.Span))
        {
            return "the A section is not the one the r1cs and the ptau give";
        }
        if (!SameBytes(initial.B1.Span, final.B1.Span))
        {
            return "the B1 section is not the one the r1cs and the ptau give";
        }
        if (!SameBytes(initial.B2.Span, final.B2.Span))
        {
            return "the B2 section is not the one the r1cs and the ptau give";
        }
        if (!SameRatio.HoldsForSections(initial.C.Span, final.C.Span, final.Delta2, initial.Delta2))
        {
            return "the C (L) section does not follow delta";
        }
        if (!HSectionCheck.Holds(tauG1, final.H.Span, initial.Delta2, final.Delta2))
        {
            return "the H section does not follow the ptau's powers of tau and delta";
        }
        return null;
    }

    private static bool SameBytes<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));
}
