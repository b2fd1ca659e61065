using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>The algorithms written once for all fields: batch inversion and exponentiation.</summary>
public class FieldMathTests
{
    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property BatchInverseMatchesSingleInversesInFp() => BatchInverseMatchesSingleInverses(FieldGenerators.FpGen);

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property BatchInverseMatchesSingleInversesInFr() => BatchInverseMatchesSingleInverses(FieldGenerators.FrGen);

    [Property(MaxTest = CaseCounts.DodecicField)]
    public Property BatchInverseMatchesSingleInversesInFp12() => BatchInverseMatchesSingleInverses(FieldGenerators.Fp12Gen);

    [Fact]
    public void BatchInverseOfNothingDoesNothing() => FieldMath.BatchInverse(Span<Fp>.Empty);

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property PowWithLimbsMatchesPowWithBigInteger() =>
        Prop.ForAll(Arbitraries.Fp2, Arbitraries.Exponent, (x, e) =>
        {
            // Eight limbs: the low four hold e, the high four e shifted, so every limb position is exercised.
            BigInteger wide = (e << 256) + (e >> 7);
            var limbs = new ulong[8];
            for (int i = 0; i < limbs.Length; i++)
            {
                limbs[i] = (ulong)((wide >> (64 * i)) & ulong.MaxValue);
            }
            Assert.Equal(FieldMath.Pow(x, wide), FieldMath.Pow(x, (ReadOnlySpan<ulong>)limbs));
        });

    [Fact]
    public void PowOfEmptyOrZeroExponentIsOne()
    {
        Assert.True(FieldMath.Pow(Fp.Zero, ReadOnlySpan<ulong>.Empty).IsOne);
        Assert.True(FieldMath.Pow(Fp.Zero, (ReadOnlySpan<ulong>)[0UL, 0UL]).IsOne);
        Assert.True(FieldMath.Pow(Fp.Zero, BigInteger.Zero).IsOne);
    }

    [Fact]
    public void PowRefusesNegativeExponents() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FieldMath.Pow(Fp.One, BigInteger.MinusOne));

    /// <summary>Arrays of 0 to 8 elements in which about one element in four is zero.</summary>
    private static Property BatchInverseMatchesSingleInverses<T>(Gen<T> elements) where T : struct, IField<T>
    {
        var withZeros = Gen.Frequency((3, elements), (1, Gen.Constant(T.Zero)));
        var arrays = Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(withZeros, n)).ToArbitrary();
        return Prop.ForAll(arrays, values =>
        {
            T[] batch = (T[])values.Clone();
            FieldMath.BatchInverse<T>(batch);
            Assert.Equal(values.Select(v => v.Inverse()), batch);
        });
    }
}
