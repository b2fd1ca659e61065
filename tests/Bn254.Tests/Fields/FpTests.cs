using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>The base field Fp against BigInteger, plus the square-root tools only Fp has.</summary>
public class FpTests : PrimeFieldTests<Fp>
{
    protected override BigInteger Modulus => Fp.Modulus;
    protected override Fp FromBigInteger(BigInteger value) => Fp.FromBigInteger(value);
    protected override Fp Reduce(BigInteger value) => Fp.Reduce(value);
    protected override Fp FromUInt64(ulong value) => Fp.FromUInt64(value);
    protected override BigInteger ToBigInteger(Fp x) => x.ToBigInteger();
    protected override Fp Pow(Fp x, BigInteger exponent) => x.Pow(exponent);
    protected override bool TryReadBytes(ReadOnlySpan<byte> bytes, bool bigEndian, out Fp x) => Fp.TryReadBytes(bytes, bigEndian, out x);
    protected override void WriteBytes(Fp x, Span<byte> destination, bool bigEndian) => x.WriteBytes(destination, bigEndian);
    protected override bool TryReadMontgomeryBytes(ReadOnlySpan<byte> bytes, out Fp x) => Fp.TryReadMontgomeryBytes(bytes, out x);
    protected override void WriteMontgomeryBytes(Fp x, Span<byte> destination) => x.WriteMontgomeryBytes(destination);
    protected override bool TryParse(string text, out Fp x) => Fp.TryParse(text, out x);
    protected override Fp Parse(string text) => Fp.Parse(text);

    private static readonly BigInteger EulerExponent = (Fp.Modulus - 1) / 2;

    private static Arbitrary<BigInteger> FpValues => Arbitraries.Residue(Fp.Modulus);

    /// <summary>Euler's criterion: a^((q−1)/2) is 1 for non-zero squares and q − 1 for non-squares.</summary>
    private static void Legendre(BigInteger a)
    {
        BigInteger euler = BigInteger.ModPow(a, EulerExponent, Fp.Modulus);
        int expected = a.IsZero ? 0 : euler.IsOne ? 1 : -1;
        Assert.True(a.IsZero || euler.IsOne || euler == Fp.Modulus - 1);
        Assert.Equal(expected, Fp.FromBigInteger(a).Legendre());
    }

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property LegendreMatchesEulersCriterion() => Prop.ForAll(FpValues, Legendre);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void LegendreMatchesEulersCriterionOnEdges(string a) => Legendre(EdgeValues.Residue(a, Fp.Modulus));

    private static void SquareRoot(BigInteger a)
    {
        bool isSquare = a.IsZero || BigInteger.ModPow(a, EulerExponent, Fp.Modulus).IsOne;
        Assert.Equal(isSquare, Fp.FromBigInteger(a).TrySqrt(out Fp root));
        if (isSquare)
        {
            Assert.Equal(a, BigInteger.ModPow(root.ToBigInteger(), 2, Fp.Modulus));
        }
    }

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property TrySqrtFindsARootExactlyForSquares() => Prop.ForAll(FpValues, SquareRoot);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void TrySqrtFindsARootExactlyForSquaresOnEdges(string a) => SquareRoot(EdgeValues.Residue(a, Fp.Modulus));

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property TrySqrtRecoversARootOfEverySquare() =>
        Prop.ForAll(Arbitraries.Fp, y =>
        {
            Assert.True(y.Square().TrySqrt(out Fp root));
            Assert.True(root == y || root == -y);
        });

    /// <summary>q ≡ 3 mod 4, which TrySqrt's single exponentiation and Fp2 = Fp[u]/(u² + 1) rely on.</summary>
    [Fact]
    public void MinusOneIsNotASquare()
    {
        Assert.Equal(3, (int)(Fp.Modulus % 4));
        Assert.Equal(-1, (-Fp.One).Legendre());
        Assert.False((-Fp.One).TrySqrt(out _));
    }
}
