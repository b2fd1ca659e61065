using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>Fp6 = Fp2[v]/(v³ − ξ): the sparse products against full multiplication and the Frobenius map.</summary>
public class Fp6Tests
{
    private const int Runs = Properties.SexticFieldRuns;

    private static readonly Fp6 V = new(Fp2.Zero, Fp2.One, Fp2.Zero);

    [Fact]
    public void VCubedIsXi() => Assert.Equal(new Fp6(Fp2.Xi, Fp2.Zero, Fp2.Zero), V.Square() * V);

    [Fact]
    public void MulByVMatchesMultiplication() =>
        Properties.ForAll(Runs, Arbitraries.Fp6, x => Assert.Equal(x * V, x.MulByV()));

    [Fact]
    public void MulBy01MatchesMultiplication() =>
        Properties.ForAll(Runs, Arbitraries.Fp6, Arbitraries.Fp2, Arbitraries.Fp2, (x, b0, b1) =>
            Assert.Equal(x * new Fp6(b0, b1, Fp2.Zero), x.MulBy01(b0, b1)));

    [Fact]
    public void MulByFp2MatchesMultiplication() =>
        Properties.ForAll(Runs, Arbitraries.Fp6, Arbitraries.Fp2, (x, k) =>
            Assert.Equal(x * new Fp6(k, Fp2.Zero, Fp2.Zero), x.MulByFp2(k)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FrobeniusIsThePowerQToThePowerK(int k)
    {
        BigInteger exponent = BigInteger.Pow(Fp.Modulus, k);
        Properties.ForAll(Properties.LongExponentRuns, Arbitraries.Fp6, x =>
            Assert.Equal(FieldMath.Pow(x, exponent), x.Frobenius(k)));
    }
}
