using System.Security.Cryptography;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// The ceremony's one question, "was the same secret applied on both sides?": (a, b) and (c, d) have the same
/// ratio when b = s·a and d = s·c for one s, that is when e(a, d) = e(b, c) (snarkjs's <c>misc.sameRatio</c>).
/// For whole sections, both sides are first folded with the same random scalars (a random linear combination):
/// a section that differs anywhere passes with probability below 2^-250 per check.
/// </summary>
internal static class SameRatio
{
    /// <summary>e(a, d) = e(b, c). A pair holding the point at infinity never has a ratio.</summary>
    internal static bool Holds(G1Affine a, G1Affine b, G2Affine c, G2Affine d)
    {
        if (a.IsIdentity || b.IsIdentity || c.IsIdentity || d.IsIdentity)
        {
            return false;
        }
        return Pairing.Check([a, b.Negate()], [G2Prepared.Prepare(d), G2Prepared.Prepare(c)]);
    }

    /// <summary>
    /// Every after[i] is before[i] times one secret s whose G2 image is (g2Before, g2After = s·g2Before): checks
    /// e(Σ rᵢ·beforeᵢ, g2After) = e(Σ rᵢ·afterᵢ, g2Before) for random rᵢ. Empty sections hold.
    /// </summary>
    internal static bool HoldsForSections(ReadOnlySpan<G1Affine> before, ReadOnlySpan<G1Affine> after, G2Affine g2Before, G2Affine g2After)
    {
        if (before.Length != after.Length)
        {
            return false;
        }
        if (before.Length == 0)
        {
            return true;
        }
        Fr[] scalars = RandomScalars(before.Length);
        G1Affine folded1 = Msm.MultiScalarMul(before, scalars).ToAffine();
        G1Affine folded2 = Msm.MultiScalarMul(after, scalars).ToAffine();
        return FoldedHold(folded1, folded2, g2Before, g2After);
    }

    /// <summary>
    /// The pairing check of two folded sections: both at infinity (only when every scalar happened to meet a
    /// zero point on both sides) hold; one at infinity alone does not.
    /// </summary>
    internal static bool FoldedHold(G1Affine folded1, G1Affine folded2, G2Affine g2Before, G2Affine g2After)
    {
        if (folded1.IsIdentity || folded2.IsIdentity)
        {
            return folded1.IsIdentity && folded2.IsIdentity;
        }
        return Holds(folded1, folded2, g2Before, g2After);
    }

    /// <summary>Uniform-enough nonzero scalars below 2^252 from the operating system's generator.</summary>
    internal static Fr[] RandomScalars(int count)
    {
        var scalars = new Fr[count];
        Span<byte> bytes = stackalloc byte[32];
        for (int i = 0; i < count; i++)
        {
            do
            {
                RandomNumberGenerator.Fill(bytes);
                bytes[31] &= 0x0F;
                Fr.TryReadBytes(bytes, bigEndian: false, out scalars[i]);
            }
            while (scalars[i].IsZero);
        }
        bytes.Clear();
        return scalars;
    }
}
