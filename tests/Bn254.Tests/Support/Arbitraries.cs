using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Tests.Support;

/// <summary>The arbitraries the properties draw from, one per kind of value.</summary>
internal static class Arbitraries
{
    internal static Arbitrary<Fp> Fp => FieldGenerators.FpGen.ToArbitrary();
    internal static Arbitrary<Fr> Fr => FieldGenerators.FrGen.ToArbitrary();
    internal static Arbitrary<Fp2> Fp2 => FieldGenerators.Fp2Gen.ToArbitrary();
    internal static Arbitrary<Fp6> Fp6 => FieldGenerators.Fp6Gen.ToArbitrary();
    internal static Arbitrary<Fp12> Fp12 => FieldGenerators.Fp12Gen.ToArbitrary();

    internal static Arbitrary<T> NonZero<T>(Gen<T> elements) where T : struct, IField<T> =>
        elements.Where(x => !x.IsZero).ToArbitrary();

    /// <summary>Canonical integers modulo m, edge values included.</summary>
    internal static Arbitrary<BigInteger> Residue(BigInteger m) => FieldGenerators.Canonical(m).ToArbitrary();

    /// <summary>32-byte integers at or above m.</summary>
    internal static Arbitrary<BigInteger> NonResidue(BigInteger m) => FieldGenerators.NonCanonical(m).ToArbitrary();

    /// <summary>Non-negative integers of any bit length up to 256.</summary>
    internal static Arbitrary<BigInteger> Exponent => FieldGenerators.AnyLength256.ToArbitrary();

    internal static Arbitrary<BigInteger> Scalar => CurveGenerators.ScalarGen.ToArbitrary();

    internal static Arbitrary<T> Point<T>() where T : struct, ICurveGroup<T> => CurveGenerators.PointGen<T>().ToArbitrary();

    internal static Arbitrary<G1Affine> G1 => CurveGenerators.PointGen<G1Jacobian>().Select(p => p.ToAffine()).ToArbitrary();
    internal static Arbitrary<G2Affine> G2 => CurveGenerators.PointGen<G2Jacobian>().Select(p => p.ToAffine()).ToArbitrary();

    internal static Arbitrary<G2Affine> TwistPoint => CurveGenerators.TwistPointGen.ToArbitrary();
}
