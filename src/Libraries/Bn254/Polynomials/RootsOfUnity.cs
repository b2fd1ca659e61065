using System.Numerics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Polynomials;

/// <summary>
/// The power-of-two roots of unity of Fr exactly as snarkjs/ffjavascript define them (its <c>Fr.w</c>
/// table; wasmcurves' <c>build_fft.js</c> computes the same values). r − 1 = 2^28·t with t odd; the
/// non-residue used is the smallest a ≥ 2 with a^((r−1)/2) = −1, which is 5. Then w[28] = 5^t and
/// w[k] = w[k+1]², so w[k] is a primitive 2^k-th root of unity.
/// Interop hazard: any other primitive root gives transforms that disagree with the Lagrange bases of
/// every snarkjs ptau/zkey, i.e. invalid proofs; the tests check w[28] against the published constant.
/// </summary>
public static class RootsOfUnity
{
    /// <summary>The 2-adicity of r: 2^28 divides r − 1 and 2^29 does not.</summary>
    public const int MaxLog2 = 28;

    /// <summary>The quadratic non-residue of Fr that snarkjs uses.</summary>
    private const ulong NonResidue = 5;

    private static readonly Fr[] Roots = Derive();

    /// <summary>
    /// The primitive 2^log2-th root of unity w[log2]: w[28] = 5^((r−1)/2^28) =
    /// 19103219067921713944291392827692070036145651957329286315305642004821462161904, w[k] = w[k+1]².
    /// </summary>
    public static Fr Get(int log2)
    {
        if ((uint)log2 > MaxLog2)
        {
            throw new ArgumentOutOfRangeException(nameof(log2), log2, $"log2 must lie in [0, {MaxLog2}]");
        }
        return Roots[log2];
    }

    /// <summary>
    /// snarkjs's <c>Fr.shift</c> = nqr² = 25: the coset offset of the largest domain, where no 2^29-th root exists.
    /// </summary>
    public static Fr Shift { get; } = Fr.FromUInt64(NonResidue * NonResidue);

    private static Fr[] Derive()
    {
        BigInteger t = (Fr.Modulus - 1) >> MaxLog2;
        var roots = new Fr[MaxLog2 + 1];
        roots[MaxLog2] = Fr.FromUInt64(NonResidue).Pow(t);
        for (int k = MaxLog2 - 1; k >= 0; k--)
        {
            roots[k] = roots[k + 1].Square();
        }
        return roots;
    }
}
