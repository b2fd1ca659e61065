using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;
using CredentialHub.Bn254.Polynomials;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// Checks a zkey's H section against the powers of tau it claims to come from, as <c>snarkjs zkey verify</c>
/// does: H_j = [L'_{2j+1}(τ)/δ]₁, the Lagrange polynomials of the 2n-domain at its odd points, so for any
/// scalars rᵢ the fold Σ rᵢ·(τ^{n+i} − τ^i) of the ptau's powers equals δ times the fold of H with the scalars
/// (−2·ω_{2n}^i·rᵢ) sent through the n-point transform. rₙ₋₁ is 0: a ptau of exactly the circuit's power holds
/// τ^0 … τ^{2n−2} only. For a domain of 2^28 (Fr's two-adicity) the odd points are the coset half, as in snarkjs.
/// </summary>
internal static class HSectionCheck
{
    /// <param name="tauG1">At least the first 2n − 1 powers [τ^i]₁ of the ptau.</param>
    /// <param name="h">The zkey's H section (n points).</param>
    /// <param name="delta2Initial">δ₂ of the key the H section was taken from (the generator before any contribution).</param>
    /// <param name="delta2Final">The key's δ₂.</param>
    internal static bool Holds(ReadOnlySpan<G1Affine> tauG1, ReadOnlySpan<G1Affine> h, G2Affine delta2Initial, G2Affine delta2Final)
    {
        int n = h.Length;
        if (n < 2 || (n & (n - 1)) != 0 || tauG1.Length < 2 * n - 1)
        {
            return false;
        }
        int log2 = System.Numerics.BitOperations.Log2((uint)n);
        Fr[] r = SameRatio.RandomScalars(n);
        r[n - 1] = Fr.Zero;

        ReadOnlySpan<Fr> used = r.AsSpan(0, n - 1);
        G1Jacobian high = Msm.MultiScalarMul(tauG1.Slice(n, n - 1), used);
        G1Jacobian low = Msm.MultiScalarMul(tauG1[..(n - 1)], used);
        G1Affine fromTau = (high - low).ToAffine();

        Fr first, step;
        if (log2 < RootsOfUnity.MaxLog2)
        {
            first = -Fr.FromUInt64(2);
            step = RootsOfUnity.Get(log2 + 1);
        }
        else
        {
            first = RootsOfUnity.Shift.Pow(System.Numerics.BigInteger.One << RootsOfUnity.MaxLog2) - Fr.One;
            step = RootsOfUnity.Shift;
        }
        Fr factor = first;
        for (int i = 0; i < n; i++)
        {
            r[i] *= factor;
            factor *= step;
        }
        EvaluationDomain.Get(log2).Fft(r);
        G1Affine fromH = Msm.MultiScalarMul(h, r).ToAffine();
        return SameRatio.FoldedHold(fromTau, fromH, delta2Final, delta2Initial);
    }
}
