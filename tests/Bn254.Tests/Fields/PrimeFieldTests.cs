using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>
/// A 4×64-bit Montgomery prime field against <see cref="BigInteger"/> arithmetic modulo m: every
/// operation, the conversions, the plain and Montgomery ("LEM") byte encodings and canonical decimal
/// text. Written once; <see cref="FpTests"/> and <see cref="FrTests"/> bind it to Fp and Fr.
/// </summary>
public abstract class PrimeFieldTests<T> where T : struct, IField<T>
{
    private const int Runs = CaseCounts.PrimeField;

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

    private BigInteger Edge(string name) => EdgeValues.Residue(name, Modulus);

    private BigInteger Mod(BigInteger v)
    {
        BigInteger r = BigInteger.Remainder(v, Modulus);
        return r.Sign < 0 ? r + Modulus : r;
    }

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

    // Each law below runs on FsCheck's random values ([Property]) and on every edge value, or pair of edge values
    // ([Theory] over EdgeValues), on every run.

    private void Addition(BigInteger a, BigInteger b) => Assert.Equal(Mod(a + b), ToBigInteger(FromBigInteger(a) + FromBigInteger(b)));

    [Property(MaxTest = Runs)]
    public Property AdditionMatchesBigInteger() => Prop.ForAll(Values, Values, Addition);

    [Theory]
    [MemberData(nameof(EdgeValues.ResiduePairs), MemberType = typeof(EdgeValues))]
    public void AdditionMatchesBigIntegerOnEdges(string a, string b) => Addition(Edge(a), Edge(b));

    private void Subtraction(BigInteger a, BigInteger b) => Assert.Equal(Mod(a - b), ToBigInteger(FromBigInteger(a) - FromBigInteger(b)));

    [Property(MaxTest = Runs)]
    public Property SubtractionMatchesBigInteger() => Prop.ForAll(Values, Values, Subtraction);

    [Theory]
    [MemberData(nameof(EdgeValues.ResiduePairs), MemberType = typeof(EdgeValues))]
    public void SubtractionMatchesBigIntegerOnEdges(string a, string b) => Subtraction(Edge(a), Edge(b));

    private void Multiplication(BigInteger a, BigInteger b) => Assert.Equal(Mod(a * b), ToBigInteger(FromBigInteger(a) * FromBigInteger(b)));

    [Property(MaxTest = Runs)]
    public Property MultiplicationMatchesBigInteger() => Prop.ForAll(Values, Values, Multiplication);

    [Theory]
    [MemberData(nameof(EdgeValues.ResiduePairs), MemberType = typeof(EdgeValues))]
    public void MultiplicationMatchesBigIntegerOnEdges(string a, string b) => Multiplication(Edge(a), Edge(b));

    private void Negation(BigInteger a) => Assert.Equal(Mod(-a), ToBigInteger(-FromBigInteger(a)));

    [Property(MaxTest = Runs)]
    public Property NegationMatchesBigInteger() => Prop.ForAll(Values, Negation);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void NegationMatchesBigIntegerOnEdges(string a) => Negation(Edge(a));

    private void Squaring(BigInteger a) => Assert.Equal(Mod(a * a), ToBigInteger(FromBigInteger(a).Square()));

    [Property(MaxTest = Runs)]
    public Property SquareMatchesBigInteger() => Prop.ForAll(Values, Squaring);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void SquareMatchesBigIntegerOnEdges(string a) => Squaring(Edge(a));

    private void Doubling(BigInteger a) => Assert.Equal(Mod(2 * a), ToBigInteger(FromBigInteger(a).Double()));

    [Property(MaxTest = Runs)]
    public Property DoubleMatchesBigInteger() => Prop.ForAll(Values, Doubling);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void DoubleMatchesBigIntegerOnEdges(string a) => Doubling(Edge(a));

    /// <summary>a^(m−2) is the inverse of a non-zero a and maps 0 to 0, as the library defines it.</summary>
    private void Inversion(BigInteger a) => Assert.Equal(BigInteger.ModPow(a, Modulus - 2, Modulus), ToBigInteger(FromBigInteger(a).Inverse()));

    [Property(MaxTest = Runs)]
    public Property InverseMatchesFermat() => Prop.ForAll(Values, Inversion);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void InverseMatchesFermatOnEdges(string a) => Inversion(Edge(a));

    [Fact]
    public void InverseOfZeroIsZero() => Assert.True(T.Zero.Inverse().IsZero);

    /// <summary>
    /// The divsteps inversion on the inputs that steer it to its corners: powers of two (long runs of zero bits to skip),
    /// 2^k ± 1, m − 2^k, values of one limb, of one bit per 62-bit limb, and the largest residues; each against Fermat
    /// by BigInteger and by a·a⁻¹ = 1.
    /// </summary>
    [Fact]
    public void InverseMatchesFermatOnShapedValues()
    {
        var values = new List<BigInteger>();
        for (int k = 0; k < 254; k++)
        {
            values.Add(BigInteger.One << k);
            values.Add((BigInteger.One << k) + 1);
            values.Add((BigInteger.One << k) - 1);
            values.Add(Modulus - (BigInteger.One << k));
            values.Add(Modulus - (BigInteger.One << k) - 1);
        }
        BigInteger limbBits = BigInteger.Zero;
        for (int limb = 0; limb < 5; limb++)
        {
            limbBits |= BigInteger.One << (62 * limb);
            values.Add(limbBits);
            values.Add(ulong.MaxValue * (BigInteger.One << (62 * limb)));
        }
        values.AddRange([Modulus - 1, Modulus - 2, (Modulus - 1) / 2, (Modulus + 1) / 2, 3, 9, 0x1234567890abcdefUL]);
        foreach (var a in values.Select(v => BigInteger.Remainder(v, Modulus)).Where(v => v.Sign > 0).Distinct())
        {
            Inversion(a);
            Assert.Equal(BigInteger.One, ToBigInteger(FromBigInteger(a) * FromBigInteger(a).Inverse()));
        }
    }

    private void Power(BigInteger a, BigInteger e) => Assert.Equal(BigInteger.ModPow(a, e, Modulus), ToBigInteger(Pow(FromBigInteger(a), e)));

    [Property(MaxTest = Runs)]
    public Property PowMatchesModPow() => Prop.ForAll(Values, Arbitraries.Exponent, Power);

    /// <summary>Every edge base to the exponents 0, 1, 2, m − 2, m − 1, m and 2^256 − 1.</summary>
    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void PowMatchesModPowOnEdges(string a)
    {
        foreach (BigInteger e in new[] { 0, 1, 2, Modulus - 2, Modulus - 1, Modulus, FieldGenerators.TwoTo256 - 1 })
        {
            Power(Edge(a), e);
        }
    }

    private void Equality(BigInteger a, BigInteger b)
    {
        T x = FromBigInteger(a), sameAsX = FromBigInteger(a), y = FromBigInteger(b);
        Assert.True(x == sameAsX && !(x != sameAsX) && x.Equals(sameAsX) && x.Equals((object)sameAsX));
        Assert.Equal(x.GetHashCode(), sameAsX.GetHashCode());
        Assert.Equal(a == b, x == y);
        Assert.Equal(a != b, x != y);
        Assert.Equal(a == b, x.Equals(y));
        Assert.False(x.Equals(a));
    }

    [Property(MaxTest = Runs)]
    public Property EqualityMatchesIntegerEquality() => Prop.ForAll(Values, Values, Equality);

    [Theory]
    [MemberData(nameof(EdgeValues.ResiduePairs), MemberType = typeof(EdgeValues))]
    public void EqualityMatchesIntegerEqualityOnEdges(string a, string b) => Equality(Edge(a), Edge(b));

    private void ZeroAndOne(BigInteger a)
    {
        Assert.Equal(BigInteger.Zero, ToBigInteger(T.Zero));
        Assert.Equal(BigInteger.One, ToBigInteger(T.One));
        Assert.Equal(a.IsZero, FromBigInteger(a).IsZero);
        Assert.Equal(a.IsOne, FromBigInteger(a).IsOne);
    }

    [Property(MaxTest = Runs)]
    public Property ZeroAndOneAreTheIntegersZeroAndOne() => Prop.ForAll(Values, ZeroAndOne);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void ZeroAndOneAreTheIntegersZeroAndOneOnEdges(string a) => ZeroAndOne(Edge(a));

    private void PlainConversion(BigInteger a) => Assert.Equal(a, ToBigInteger(FromBigInteger(a)));

    [Property(MaxTest = Runs)]
    public Property PlainConversionRoundTrips() => Prop.ForAll(Values, PlainConversion);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void PlainConversionRoundTripsOnEdges(string a) => PlainConversion(Edge(a));

    [Property(MaxTest = Runs)]
    public Property ReduceMatchesModulo() =>
        Prop.ForAll(Arbitraries.Exponent, Arbitraries.Exponent, (u, v) =>
        {
            foreach (BigInteger n in new[] { u, -u, u * v, -(u * v), (u << 300) + v, -((u << 300) + v) })
            {
                Assert.Equal(Mod(n), ToBigInteger(Reduce(n)));
            }
        });

    [Property(MaxTest = Runs)]
    public Property FromUInt64MatchesBigInteger() =>
        Prop.ForAll(Arbitraries.Exponent, v =>
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

    private void PlainBytes(BigInteger a, bool bigEndian)
    {
        byte[] expected = Encode(a, bigEndian);
        var written = new byte[32];
        WriteBytes(FromBigInteger(a), written, bigEndian);
        Assert.Equal(expected, written);
        Assert.True(TryReadBytes(expected, bigEndian, out T read));
        Assert.Equal(a, ToBigInteger(read));
    }

    [Property(MaxTest = Runs)]
    public Property PlainLittleEndianBytesRoundTrip() => Prop.ForAll(Values, a => PlainBytes(a, bigEndian: false));

    [Property(MaxTest = Runs)]
    public Property PlainBigEndianBytesRoundTrip() => Prop.ForAll(Values, a => PlainBytes(a, bigEndian: true));

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void PlainBytesRoundTripOnEdges(string a)
    {
        PlainBytes(Edge(a), bigEndian: false);
        PlainBytes(Edge(a), bigEndian: true);
    }

    private void PlainBytesRefused(BigInteger v, bool bigEndian)
    {
        Assert.False(TryReadBytes(Encode(v, bigEndian), bigEndian, out T read));
        Assert.True(read.IsZero);
    }

    [Property(MaxTest = Runs)]
    public Property TryReadBytesRefusesLittleEndianValuesNotBelowTheModulus() =>
        Prop.ForAll(Arbitraries.NonResidue(Modulus), v => PlainBytesRefused(v, bigEndian: false));

    [Property(MaxTest = Runs)]
    public Property TryReadBytesRefusesBigEndianValuesNotBelowTheModulus() =>
        Prop.ForAll(Arbitraries.NonResidue(Modulus), v => PlainBytesRefused(v, bigEndian: true));

    [Theory]
    [MemberData(nameof(EdgeValues.NonResidues), MemberType = typeof(EdgeValues))]
    public void TryReadBytesRefusesValuesNotBelowTheModulusOnEdges(string v)
    {
        PlainBytesRefused(EdgeValues.NonResidue(v, Modulus), bigEndian: false);
        PlainBytesRefused(EdgeValues.NonResidue(v, Modulus), bigEndian: true);
    }

    /// <summary>snarkjs "LEM": the 32 little-endian bytes of a·2^256 mod m.</summary>
    private void MontgomeryBytes(BigInteger a)
    {
        byte[] expected = Encode(a * FieldGenerators.TwoTo256 % Modulus, bigEndian: false);
        var written = new byte[32];
        WriteMontgomeryBytes(FromBigInteger(a), written);
        Assert.Equal(expected, written);
        Assert.True(TryReadMontgomeryBytes(expected, out T read));
        Assert.Equal(a, ToBigInteger(read));
    }

    [Property(MaxTest = Runs)]
    public Property MontgomeryBytesHoldTheValueTimesTwoTo256() => Prop.ForAll(Values, MontgomeryBytes);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void MontgomeryBytesHoldTheValueTimesTwoTo256OnEdges(string a) => MontgomeryBytes(Edge(a));

    private void MontgomeryBytesRefused(BigInteger v) => Assert.False(TryReadMontgomeryBytes(Encode(v, bigEndian: false), out _));

    [Property(MaxTest = Runs)]
    public Property TryReadMontgomeryBytesRefusesValuesNotBelowTheModulus() =>
        Prop.ForAll(Arbitraries.NonResidue(Modulus), MontgomeryBytesRefused);

    [Theory]
    [MemberData(nameof(EdgeValues.NonResidues), MemberType = typeof(EdgeValues))]
    public void TryReadMontgomeryBytesRefusesValuesNotBelowTheModulusOnEdges(string v) =>
        MontgomeryBytesRefused(EdgeValues.NonResidue(v, Modulus));

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

    private void DecimalText(BigInteger a)
    {
        T x = FromBigInteger(a);
        Assert.Equal(a.ToString(), x.ToString());
        Assert.Equal(x, Parse(x.ToString()!));
    }

    [Property(MaxTest = Runs)]
    public Property DecimalTextRoundTrips() => Prop.ForAll(Values, DecimalText);

    [Theory]
    [MemberData(nameof(EdgeValues.Residues), MemberType = typeof(EdgeValues))]
    public void DecimalTextRoundTripsOnEdges(string a) => DecimalText(Edge(a));
}
