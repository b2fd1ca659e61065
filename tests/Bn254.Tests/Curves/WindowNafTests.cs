using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Curves;

/// <summary>
/// The width-w NAF the final exponentiation walks z by (<see cref="Pairing.WindowNaf"/>), against its definition on
/// random exponents, and the windowed x^z (<see cref="Pairing.ExpByZ"/>) against square-and-multiply by z.
/// </summary>
public class WindowNafTests
{
    [Property(MaxTest = 500)]
    public Property Digits_are_odd_below_half_the_window_spaced_by_its_width_and_sum_to_the_exponent() =>
        Prop.ForAll(Arbitraries.Exponent, Gen.Choose(2, 7).ToArbitrary(), (exponent, width) =>
        {
            BigInteger k = BigInteger.Abs(exponent) + 1;
            sbyte[] digits = Pairing.WindowNaf(k, width);
            Assert.True(digits[0] > 0, "the top digit is positive");
            BigInteger sum = 0;
            int lastNonZero = -1;
            for (int i = 0; i < digits.Length; i++)
            {
                sum = 2 * sum + digits[i];
                if (digits[i] != 0)
                {
                    Assert.True((digits[i] & 1) == 1 && Math.Abs(digits[i]) < 1 << (width - 1), $"digit {digits[i]} at {i}, width {width}");
                    Assert.True(lastNonZero < 0 || i - lastNonZero >= width, $"digits at {lastNonZero} and {i}, width {width}");
                    lastNonZero = i;
                }
            }
            Assert.Equal(k, sum);
        });

    [Property(MaxTest = 200)]
    public Property Width_two_is_the_naf() =>
        Prop.ForAll(Arbitraries.Exponent, exponent =>
        {
            BigInteger k = BigInteger.Abs(exponent) + 1;
            Assert.Equal(Pairing.NafBelowTop(k), Pairing.WindowNaf(k, 2)[1..]);
        });

    [Fact]
    public void Zs_window_digits_need_fourteen_products()
    {
        Assert.Equal(14, Pairing.ZWindowDigits.Count(d => d != 0));
        Assert.Equal(Bn254Vectors.Z.GetBitLength(), Pairing.ZWindowDigits.Length);
    }

    [Property(MaxTest = CaseCounts.Pairing)]
    public Property ExpByZ_matches_square_and_multiply_in_the_cyclotomic_subgroup() =>
        Prop.ForAll(Arbitraries.NonZero(FieldGenerators.Fp12Gen), f =>
        {
            // f^((q⁶ − 1)(q² + 1)), the easy part, lies in the cyclotomic subgroup.
            Fp12 t = f.Conjugate() * f.Inverse();
            Fp12 x = t.Frobenius(2) * t;
            Assert.Equal(FieldMath.Pow(x, Bn254Vectors.Z), Pairing.ExpByZ(x));
        });
}
