using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Tests.Support;

/// <summary>
/// Generators of scalars and curve points. Points of G1 and G2 are multiples of the generator by a
/// scalar (0 and r − 1 included, so the identity and −G occur). Points of the twist E'(Fp2) outside
/// G2 come from random abscissas, as a decoder of untrusted input would meet them.
/// </summary>
internal static class CurveGenerators
{
    internal static readonly Gen<BigInteger> ScalarGen = FieldGenerators.Canonical(Fr.Modulus);

    internal static Gen<T> PointGen<T>() where T : struct, ICurveGroup<T> =>
        ScalarGen.Select(k => T.Generator.Multiply(k));

    /// <summary>
    /// Points of y² = x³ + b' with x the first of x₀, x₀ + 1, … for which x³ + b' is a square.
    /// E'(Fp2) has order r·(2q − r), so such a point lies in G2 with probability about 1/(2q − r).
    /// </summary>
    internal static readonly Gen<G2Affine> TwistPointGen = FieldGenerators.Fp2Gen.Select(LiftToTwist);

    private static G2Affine LiftToTwist(Fp2 x)
    {
        for (int attempt = 0; attempt < 256; attempt++, x += Fp2.One)
        {
            if ((x.Square() * x + G2Affine.B).TrySqrt(out Fp2 y))
            {
                return new G2Affine(x, y);
            }
        }
        throw new InvalidOperationException("no square among 256 consecutive values of x³ + b'");
    }
}
