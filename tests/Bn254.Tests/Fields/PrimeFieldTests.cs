using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;
using FsCheck;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>
/// A 4×64-bit Montgomery prime field against <see cref="BigInteger"/> arithmetic modulo m: every
/// operation, the conversions, the plain and Montgomery ("LEM") byte encodings and canonical decimal
/// text. Written once; <see cref="FpTests"/> and <see cref="FrTests"/> bind it to Fp and Fr.
/// </summary>
public abstract class PrimeFieldTests<T> where T : struct, IField<T>
{
    private const int Runs = Properties.PrimeFieldRuns;

    protected abstract BigInteger Modulus { get; }
    protected abstract T FromBigInteger(BigInteger value);
    protected abstract T Reduce(BigInteger value);
    protected abstract T FromUInt64(ulong value);
    protected abstract BigInteger ToBigInteger(T x);
    protected abstract T Pow(T x, BigInteger exponent);
    protected abstract bool TryReadBytes(ReadOnlySpan<byte> bytes, bool bigEndian, out T x);
    protected abstract void WriteBytes(T x, Span<byte> destination, bool bigEndian);
    protected abstract bool TryReadMontgomeryBytes(ReadOnlySpan<byte> bytes, out T x);
    protected abstract void WriteMontgomeryBytes(T x, Span<byte> destination);
    protected abstract bool TryParse(string text, out T x);
    protected abstract T Parse(string text);

    private Arbitrary<BigInteger> Values => Arbitraries.Residue(Modulus);
    private BigInteger[] Edges => FieldGenerators.Edges(Modulus);

    private BigInteger Mod(BigInteger v)
    {
        BigInteger r = BigInteger.Remainder(v, Modulus);
        return r.Sign < 0 ? r + Modulus : r;
    }

    private void MatchesUnary(Func<T, T> operation, Func<BigInteger, BigInteger> reference) =>
        Properties.ForEdgesAndAll(Edges, Runs, Values, a =>
            Assert.Equal(Mod(reference(a)), ToBigInteger(operation(FromBigInteger(a)))));

    private void MatchesBinary(Func<T, T, T> operation, Func<BigInteger, BigInteger, BigInteger> reference) =>
        Properties.ForEdgesAndAll(Edges, Edges, Runs, Values, Values, (a, b) =>
            Assert.Equal(Mod(reference(a, b)), ToBigInteger(operation(FromBigInteger(a), FromBigInteger(b)))));

    /// <summary>The 32-byte encoding of 0 ≤ v &lt; 2^256.</summary>
    private static byte[] Encode(BigInteger v, bool bigEndian)
    {
        var bytes = new byte[32];
        Assert.True(v.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false));
        if (bigEndian)
        {
            Array.Reverse(bytes);
        }
        return bytes;
    }

    [Fact]
    public void AdditionMatchesBigInteger() => MatchesBinary((x, y) => x + y, (a, b) => a + b);

    [Fact]
    public void SubtractionMatchesBigInteger() => MatchesBinary((x, y) => x - y, (a, b) => a - b);

    [Fact]
    public void MultiplicationMatchesBigInteger() => MatchesBinary((x, y) => x * y, (a, b) => a * b);

    [Fact]
    public void NegationMatchesBigInteger() => MatchesUnary(x => -x, a => -a);

    [Fact]
    public void SquareMatchesBigInteger() => MatchesUnary(x => x.Square(), a => a * a);

    [Fact]
    public void DoubleMatchesBigInteger() => MatchesUnary(x => x.Double(), a => 2 * a);

    /// <summary>a^(m−2) is the inverse of a non-zero a and maps 0 to 0, as the library defines it.</summary>
    [Fact]
    public void InverseMatchesFermat() => MatchesUnary(x => x.Inverse(), a => BigInteger.ModPow(a, Modulus - 2, Modulus));

    [Fact]
    public void InverseOfZeroIsZero() => Assert.True(T.Zero.Inverse().IsZero);

    [Fact]
    public void PowMatchesModPow() =>
        Properties.ForEdgesAndAll(Edges, [0, 1, 2, Modulus - 2, Modulus - 1, Modulus, FieldGenerators.TwoTo256 - 1],
            Runs, Values, Arbitraries.Exponent, (a, e) =>
                Assert.Equal(BigInteger.ModPow(a, e, Modulus), ToBigInteger(Pow(FromBigInteger(a), e))));

    [Fact]
    public void EqualityMatchesIntegerEquality() =>
        Properties.ForEdgesAndAll(Edges, Edges, Runs, Values, Values, (a, b) =>
        {
            T x = FromBigInteger(a), sameAsX = FromBigInteger(a), y = FromBigInteger(b);
            Assert.True(x == sameAsX && !(x != sameAsX) && x.Equals(sameAsX) && x.Equals((object)sameAsX));
            Assert.Equal(x.GetHashCode(), sameAsX.GetHashCode());
            Assert.Equal(a == b, x == y);
            Assert.Equal(a != b, x != y);
            Assert.Equal(a == b, x.Equals(y));
            Assert.False(x.Equals(a));
        });

    [Fact]
    public void ZeroAndOneAreTheIntegersZeroAndOne() =>
        Properties.ForEdgesAndAll(Edges, Runs, Values, a =>
        {
            Assert.Equal(BigInteger.Zero, ToBigInteger(T.Zero));
            Assert.Equal(BigInteger.One, ToBigInteger(T.One));
            Assert.Equal(a.IsZero, FromBigInteger(a).IsZero);
            Assert.Equal(a.IsOne, FromBigInteger(a).IsOne);
        });

    [Fact]
    public void PlainConversionRoundTrips() =>
        Properties.ForEdgesAndAll(Edges, Runs, Values, a => Assert.Equal(a, ToBigInteger(FromBigInteger(a))));

    [Fact]
    public void ReduceMatchesModulo() =>
        Properties.ForAll(Runs, Arbitraries.Exponent, Arbitraries.Exponent, (u, v) =>
        {
            foreach (BigInteger n in new[] { u, -u, u * v, -(u * v), (u << 300) + v, -((u << 300) + v) })
            {
                Assert.Equal(Mod(n), ToBigInteger(Reduce(n)));
            }
        });

    [Fact]
    public void FromUInt64MatchesBigInteger() =>
        Properties.ForAll(Runs, Arbitraries.Exponent, v =>
        {
            ulong small = (ulong)(v & ulong.MaxValue);
            Assert.Equal(new BigInteger(small), ToBigInteger(FromUInt64(small)));
        });

    [Fact]
    public void FromBigIntegerRefusesValuesOutsideTheField()
    {
        foreach (BigInteger v in new[] { BigInteger.MinusOne, Modulus, Modulus + 1, FieldGenerators.TwoTo256, BigInteger.One << 300 })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => FromBigInteger(v));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PlainBytesRoundTrip(bool bigEndian) =>
        Properties.ForEdgesAndAll(Edges, Runs, Values, a =>
        {
            byte[] expected = Encode(a, bigEndian);
            var written = new byte[32];
            WriteBytes(FromBigInteger(a), written, bigEndian);
            Assert.Equal(expected, written);
            Assert.True(TryReadBytes(expected, bigEndian, out T read));
            Assert.Equal(a, ToBigInteger(read));
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryReadBytesRefusesValuesNotBelowTheModulus(bool bigEndian) =>
        Properties.ForEdgesAndAll(FieldGenerators.NonCanonicalEdges(Modulus), Runs, Arbitraries.NonResidue(Modulus), v =>
        {
            Assert.False(TryReadBytes(Encode(v, bigEndian), bigEndian, out T read));
            Assert.True(read.IsZero);
        });

    /// <summary>snarkjs "LEM": the 32 little-endian bytes of a·2^256 mod m.</summary>
    [Fact]
    public void MontgomeryBytesHoldTheValueTimesTwoTo256() =>
        Properties.ForEdgesAndAll(Edges, Runs, Values, a =>
        {
            byte[] expected = Encode(a * FieldGenerators.TwoTo256 % Modulus, bigEndian: false);
            var written = new byte[32];
            WriteMontgomeryBytes(FromBigInteger(a), written);
            Assert.Equal(expected, written);
            Assert.True(TryReadMontgomeryBytes(expected, out T read));
            Assert.Equal(a, ToBigInteger(read));
        });

    [Fact]
    public void TryReadMontgomeryBytesRefusesValuesNotBelowTheModulus() =>
        Properties.ForEdgesAndAll(FieldGenerators.NonCanonicalEdges(Modulus), Runs, Arbitraries.NonResidue(Modulus), v =>
            Assert.False(TryReadMontgomeryBytes(Encode(v, bigEndian: false), out _)));

    [Fact]
    public void ByteEncodingsTakeExactly32Bytes()
    {
        Assert.Throws<ArgumentException>(() => TryReadBytes(new byte[31], false, out _));
        Assert.Throws<ArgumentException>(() => TryReadBytes(new byte[33], true, out _));
        Assert.Throws<ArgumentException>(() => TryReadMontgomeryBytes(new byte[31], out _));
        Assert.Throws<ArgumentException>(() => WriteBytes(T.One, new byte[31], false));
        Assert.Throws<ArgumentException>(() => WriteMontgomeryBytes(T.One, new byte[31]));
    }

    [Fact]
    public void TryParseRefusesNonCanonicalDecimals()
    {
        string[] refused =
        [
            "", "-1", "+1", "01", "00", " 1", "1 ", "0x10", "1_0", "1.0", "１",
            Modulus.ToString(), (Modulus + 1).ToString(), FieldGenerators.TwoTo256.ToString(),
            (FieldGenerators.TwoTo256 - 1).ToString(), new string('9', 78), "1" + new string('0', 78),
        ];
        foreach (string text in refused)
        {
            Assert.False(TryParse(text, out T value), $"accepted \"{text}\"");
            Assert.True(value.IsZero);
            Assert.Throws<FormatException>(() => Parse(text));
        }
    }

    [Fact]
    public void TryParseAcceptsCanonicalDecimals()
    {
        foreach (BigInteger v in new[] { BigInteger.Zero, BigInteger.One, new BigInteger(10), Modulus - 1 })
        {
            Assert.True(TryParse(v.ToString(), out T value));
            Assert.Equal(v, ToBigInteger(value));
        }
    }

    [Fact]
    public void DecimalTextRoundTrips() =>
        Properties.ForEdgesAndAll(Edges, Runs, Values, a =>
        {
            T x = FromBigInteger(a);
            Assert.Equal(a.ToString(), x.ToString());
            Assert.Equal(x, Parse(x.ToString()!));
        });
}
