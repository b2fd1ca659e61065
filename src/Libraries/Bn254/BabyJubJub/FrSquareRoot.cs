using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Polynomials;

namespace CredentialHub.Bn254.BabyJubJub;

/// <summary>
/// Square roots in Fr by Tonelli–Shanks (r − 1 = 2^28·q, q odd), for point decompression. The 2^28-th
/// root of unity 5^q of <see cref="RootsOfUnity"/> serves as the power of a non-residue the algorithm needs.
/// Of the two roots the one at most (r − 1)/2 is returned, so the result does not depend on the algorithm.
/// Not constant time.
/// </summary>
internal static class FrSquareRoot
{
    private const int TwoAdicity = RootsOfUnity.MaxLog2;
    private static readonly BigInteger OddPart = (Fr.Modulus - 1) >> TwoAdicity;
    private static readonly BigInteger HalfOddPartPlusOne = (OddPart + 1) / 2;
    internal static readonly BigInteger HalfModulus = (Fr.Modulus - 1) / 2;

    internal static bool TrySqrt(Fr value, out Fr root)
    {
        if (value.IsZero)
        {
            root = Fr.Zero;
            return true;
        }
        Fr x = value.Pow(HalfOddPartPlusOne);
        Fr b = value.Pow(OddPart);
        Fr c = RootsOfUnity.Get(TwoAdicity);
        int m = TwoAdicity;
        while (!b.IsOne)
        {
            int i = 0;
            for (Fr b2 = b; !b2.IsOne; b2 = b2.Square())
            {
                if (++i == m)
                {
                    root = default;
                    return false;
                }
            }
            Fr t = c;
            for (int k = 0; k < m - i - 1; k++)
            {
                t = t.Square();
            }
            x *= t;
            c = t.Square();
            b *= c;
            m = i;
        }
        root = IsNegative(x) ? -x : x;
        return true;
    }

    /// <summary>True when the plain value exceeds (r − 1)/2: circomlibjs's sign of a coordinate.</summary>
    internal static bool IsNegative(Fr value) => value.ToBigInteger() > HalfModulus;
}
