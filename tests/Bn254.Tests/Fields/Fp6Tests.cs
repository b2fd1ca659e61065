using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>Fp6 = Fp2[v]/(v³ − ξ): the sparse products against full multiplication and the Frobenius map.</summary>
public class Fp6Tests
{
    private const int Runs = CaseCounts.SexticField;

    private static readonly Fp6 V = new(Fp2.Zero, Fp2.One, Fp2.Zero);

    [Fact]
    public void VCubedIsXi() => Assert.Equal(new Fp6(Fp2.Xi, Fp2.Zero, Fp2.Zero), V.Square() * V);

    [Property(MaxTest = Runs)]
    public Property MulByVMatchesMultiplication() =>
        Prop.ForAll(Arbitraries.Fp6, x => Assert.Equal(x * V, x.MulByV()));

    [Property(MaxTest = Runs)]
    public Property MulBy01MatchesMultiplication() =>
        Prop.ForAll(Arbitraries.Fp6, Arbitraries.Fp2, Arbitraries.Fp2, (x, b0, b1) =>
            Assert.Equal(x * new Fp6(b0, b1, Fp2.Zero), x.MulBy01(b0, b1)));

    [Property(MaxTest = Runs)]
    public Property MulByFp2MatchesMultiplication() =>
        Prop.ForAll(Arbitraries.Fp6, Arbitraries.Fp2, (x, k) =>
            Assert.Equal(x * new Fp6(k, Fp2.Zero, Fp2.Zero), x.MulByFp2(k)));

    [Property(MaxTest = CaseCounts.LongExponent)]
    public Property FrobeniusIsThePowerQ() => FrobeniusIsThePowerQToThePower(1);

    [Property(MaxTest = CaseCounts.LongExponent)]
    public Property FrobeniusSquaredIsThePowerQSquared() => FrobeniusIsThePowerQToThePower(2);

    [Property(MaxTest = CaseCounts.LongExponent)]
    public Property FrobeniusCubedIsThePowerQCubed() => FrobeniusIsThePowerQToThePower(3);

    private static Property FrobeniusIsThePowerQToThePower(int k)
    {
        BigInteger exponent = BigInteger.Pow(Fp.Modulus, k);
        return Prop.ForAll(Arbitraries.Fp6, x => Assert.Equal(FieldMath.Pow(x, exponent), x.Frobenius(k)));
    }
}
