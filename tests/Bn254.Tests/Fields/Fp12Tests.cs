using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>
/// Fp12 = Fp6[w]/(w² − v): the sparse line product the Miller loop uses, the Frobenius map and the
/// conjugate, each against full arithmetic.
/// </summary>
public class Fp12Tests
{
    private const int Runs = CaseCounts.DodecicField;

    private static readonly Fp12 W = new(Fp6.Zero, Fp6.One);

    [Fact]
    public void WSquaredIsV() =>
        Assert.Equal(new Fp12(new Fp6(Fp2.Zero, Fp2.One, Fp2.Zero), Fp6.Zero), W.Square());

    /// <summary>a + b·w + c·w³ has a at w⁰ = C0.C0, b at w¹ = C1.C0 and c at w³ = C1.C1.</summary>
    [Property(MaxTest = Runs)]
    public Property MulByLineMatchesMultiplication() =>
        Prop.ForAll(Arbitraries.Fp12, Arbitraries.Fp6, (x, coefficients) =>
        {
            (Fp2 a, Fp2 b, Fp2 c) = (coefficients.C0, coefficients.C1, coefficients.C2);
            var line = new Fp12(new Fp6(a, Fp2.Zero, Fp2.Zero), new Fp6(b, c, Fp2.Zero));
            Assert.Equal(x * line, x.MulByLine(a, b, c));
        });

    [Property(MaxTest = CaseCounts.LongExponent)]
    public Property FrobeniusIsThePowerQ() => FrobeniusIsThePowerQToThePower(1);

    [Property(MaxTest = CaseCounts.LongExponent)]
    public Property FrobeniusSquaredIsThePowerQSquared() => FrobeniusIsThePowerQToThePower(2);

    [Property(MaxTest = CaseCounts.LongExponent)]
    public Property FrobeniusCubedIsThePowerQCubed() => FrobeniusIsThePowerQToThePower(3);

    private static Property FrobeniusIsThePowerQToThePower(int k)
    {
        BigInteger exponent = BigInteger.Pow(Fp.Modulus, k);
        return Prop.ForAll(Arbitraries.Fp12, x => Assert.Equal(FieldMath.Pow(x, exponent), x.Frobenius(k)));
    }

    [Property(MaxTest = Runs)]
    public Property FrobeniusComposes() =>
        Prop.ForAll(Arbitraries.Fp12, x =>
        {
            Assert.Equal(x, x.Frobenius(0));
            Assert.Equal(x.Frobenius(1).Frobenius(1), x.Frobenius(2));
            Assert.Equal(x.Frobenius(2).Frobenius(3), x.Frobenius(5));
            Assert.Equal(x, x.Frobenius(12));
        });

    /// <summary>The conjugate is x^(q⁶); on the cyclotomic subgroup it is the inverse.</summary>
    [Property(MaxTest = Runs)]
    public Property ConjugateIsTheSixthFrobeniusPower() =>
        Prop.ForAll(Arbitraries.NonZero(FieldGenerators.Fp12Gen), x =>
        {
            Assert.Equal(x.Frobenius(6), x.Conjugate());
            Fp12 cyclotomic = x.Conjugate() * x.Inverse();
            Assert.Equal(cyclotomic.Inverse(), cyclotomic.Conjugate());
        });
}
