using System.Numerics;
using CredentialHub.Bn254.BabyJubJub;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.BabyJubJub;

/// <summary>
/// The group laws of BabyJubJub in extended coordinates, the affine formulas as their twin, and the
/// strict packing. Subgroup points are Base8·k; "any" points are Generator·k with k modulo 8·l, so they
/// carry small-order components too. Equal points with different Z must compare equal.
/// </summary>
public class BabyJubJubGroupLawTests
{
    private const int Runs = CaseCounts.Curve;
    private static readonly BigInteger L = BabyJubJubCurve.SubgroupOrder;

    private static readonly Gen<BigInteger> SubgroupScalars = FieldGenerators.Canonical(L);
    private static readonly Gen<BigInteger> AnyScalars = FieldGenerators.Canonical(BabyJubJubCurve.Order);

    /// <summary>A point with its coordinates scaled by a random λ ≠ 0, so Z is arbitrary.</summary>
    private static readonly Gen<BabyJubJubPoint> SubgroupPointGen =
        Gen.Zip(SubgroupScalars, FieldGenerators.FrGen.Where(x => !x.IsZero), (k, z) => Rescale(BabyJubJubPoint.Base8.Multiply(k), z));

    private static readonly Gen<BabyJubJubPoint> AnyPointGen =
        Gen.Zip(AnyScalars, FieldGenerators.FrGen.Where(x => !x.IsZero), (k, z) => Rescale(BabyJubJubCurve.Generator.ToExtended().Multiply(k), z));

    private static Arbitrary<BabyJubJubPoint> SubgroupPoints => SubgroupPointGen.ToArbitrary();
    private static Arbitrary<BabyJubJubPoint> AnyPoints => AnyPointGen.ToArbitrary();
    private static Arbitrary<BigInteger> Scalars => SubgroupScalars.ToArbitrary();

    private static BabyJubJubPoint Rescale(BabyJubJubPoint p, Fr z) => new(p.X * z, p.Y * z, p.T * z, p.Z * z);

    [Property(MaxTest = Runs)]
    public Property AdditionIsAssociative() =>
        Prop.ForAll(AnyPoints, AnyPoints, AnyPoints, (a, b, c) => Assert.Equal((a + b) + c, a + (b + c)));

    [Property(MaxTest = Runs)]
    public Property AdditionIsCommutative() =>
        Prop.ForAll(AnyPoints, AnyPoints, (a, b) => Assert.Equal(a + b, b + a));

    [Property(MaxTest = Runs)]
    public Property IdentityIsNeutral() =>
        Prop.ForAll(AnyPoints, Scalars, (a, k) =>
        {
            var o = BabyJubJubPoint.Identity;
            Assert.True(o.IsIdentity && o.IsOnCurve && o.Double().IsIdentity && (-o).IsIdentity);
            Assert.Equal(a, a + o);
            Assert.Equal(a, o + a);
            Assert.True(o.Multiply(k).IsIdentity);
            Assert.True(BabyJubJubAffine.Identity.IsInSubgroup);
        });

    [Property(MaxTest = Runs)]
    public Property NegationIsTheInverse() =>
        Prop.ForAll(AnyPoints, AnyPoints, (a, b) =>
        {
            Assert.True((a + -a).IsIdentity);
            Assert.True((a - a).IsIdentity);
            Assert.Equal(a, -(-a));
            Assert.Equal(a + -b, a - b);
            Assert.True(BabyJubJubAffine.Add(a.ToAffine(), a.ToAffine().Negate()).IsIdentity);
        });

    [Property(MaxTest = Runs)]
    public Property DoubleIsSelfSum() =>
        Prop.ForAll(AnyPoints, a =>
        {
            Assert.Equal(a + a, a.Double());
            Assert.Equal(a.Double(), a.Multiply(2));
            Assert.Equal(a.Double() + a, a.Multiply(3));
        });

    [Property(MaxTest = Runs)]
    public Property ExtendedAdditionMatchesTheAffineTwin() =>
        Prop.ForAll(AnyPoints, AnyPoints, (a, b) =>
        {
            BabyJubJubAffine sum = BabyJubJubAffine.Add(a.ToAffine(), b.ToAffine());
            Assert.Equal(sum, (a + b).ToAffine());
            Assert.True(sum.IsOnCurve);
        });

    [Property(MaxTest = 10)]
    public Property ScalarMultiplicationMatchesTheAffineTwin() =>
        Prop.ForAll(AnyPoints, Scalars, (p, k) =>
            Assert.Equal(p.ToAffine().MultiplyReference(k), p.Multiply(k).ToAffine()));

    [Property(MaxTest = Runs)]
    public Property SubgroupOrderIsL() =>
        Prop.ForAll(SubgroupPoints, p =>
        {
            Assert.True(p.Multiply(L).IsIdentity);
            Assert.Equal(p, p.Multiply(L + 1));
            Assert.Equal(-p, p.Multiply(L - 1));
            Assert.Equal(-p, p.Multiply(-1));
            Assert.True(p.IsInSubgroup);
        });

    [Property(MaxTest = Runs)]
    public Property GroupOrderIsEightL() =>
        Prop.ForAll(AnyPoints, p =>
        {
            Assert.True(p.Multiply(BabyJubJubCurve.Order).IsIdentity);
            Assert.True(p.Multiply(8).IsInSubgroup);
        });

    [Property(MaxTest = Runs)]
    public Property ScalarMultiplicationDistributes() =>
        Prop.ForAll(Scalars, Scalars, (a, b) =>
        {
            BabyJubJubPoint sum = BabyJubJubPoint.MultiplyBase8(a) + BabyJubJubPoint.MultiplyBase8(b);
            Assert.Equal(BabyJubJubPoint.Base8.Multiply(a + b), sum);
            Assert.Equal(BabyJubJubPoint.MultiplyBase8((a + b) % L), sum);
            Assert.Equal(BabyJubJubPoint.Base8.Multiply(b).Multiply(a), BabyJubJubPoint.MultiplyBase8(a * b % L));
        });

    [Property(MaxTest = Runs)]
    public Property ResultsStayOnTheCurve() =>
        Prop.ForAll(AnyPoints, AnyPoints, Scalars, (a, b, k) =>
        {
            Assert.True(a.IsOnCurve && (a + b).IsOnCurve && (a - b).IsOnCurve && a.Double().IsOnCurve && a.Multiply(k).IsOnCurve);
            Assert.True(a.ToAffine().IsOnCurve);
        });

    [Property(MaxTest = Runs)]
    public Property DistinctPointsAreNotEqual() =>
        Prop.ForAll(SubgroupPoints, a =>
        {
            BabyJubJubPoint other = a + BabyJubJubPoint.Base8;
            Assert.True(a != other && !a.Equals(other));
            Assert.Equal(a.GetHashCode(), Rescale(a, Fr.FromUInt64(7)).GetHashCode());
        });

    [Property(MaxTest = Runs)]
    public Property PackingRoundTrips() =>
        Prop.ForAll(AnyPoints, p =>
        {
            BabyJubJubAffine affine = p.ToAffine();
            byte[] packed = affine.Pack();
            Assert.True(BabyJubJubAffine.TryUnpack(packed, out var unpacked));
            Assert.Equal(affine, unpacked);
        });

    [Fact]
    public void PackingRoundTripsForSmallOrderPoints()
    {
        BabyJubJubPoint g = BabyJubJubCurve.Generator.ToExtended();
        for (int k = 0; k < 8; k++)
        {
            BabyJubJubAffine p = g.Multiply(L * k).ToAffine();
            Assert.Equal(p, BabyJubJubAffine.Unpack(p.Pack()));
        }
    }

    [Property(MaxTest = Runs)]
    public Property UnpackingRefusesNonCanonicalY() =>
        Prop.ForAll(AnyPoints, p =>
        {
            BabyJubJubAffine affine = p.ToAffine();
            byte[] packed = affine.Pack();
            BigInteger y = affine.Y.ToBigInteger() + Fr.Modulus;
            y.TryWriteBytes(packed, out _, isUnsigned: true, isBigEndian: false);
            packed[31] |= (byte)(affine.Pack()[31] & 0x80);
            Assert.False(BabyJubJubAffine.TryUnpack(packed, out _));
        });

    [Fact]
    public void UnpackingRefusesYWithoutAPoint()
    {
        int refused = 0;
        BigInteger half = (Fr.Modulus - 1) / 2;
        for (ulong y = 2; refused < 10; y++)
        {
            Fr yy = Fr.FromUInt64(y).Square();
            Fr x2 = (Fr.One - yy) * (BabyJubJubCurve.A - BabyJubJubCurve.D * yy).Inverse();
            if (x2.Pow(half).IsOne || x2.IsZero)
            {
                continue;
            }
            var packed = new byte[32];
            Fr.FromUInt64(y).WriteBytes(packed, bigEndian: false);
            Assert.False(BabyJubJubAffine.TryUnpack(packed, out _));
            packed[31] |= 0x80;
            Assert.False(BabyJubJubAffine.TryUnpack(packed, out _));
            Assert.Throws<FormatException>(() => BabyJubJubAffine.Unpack(packed));
            refused++;
        }
    }

    [Fact]
    public void UnpackingRefusesEdgeEncodings()
    {
        byte[] negativeZero = BabyJubJubAffine.Identity.Pack();
        negativeZero[31] |= 0x80;
        Assert.False(BabyJubJubAffine.TryUnpack(negativeZero, out _));

        var modulus = new byte[32];
        Fr.Modulus.TryWriteBytes(modulus, out _, isUnsigned: true, isBigEndian: false);
        Assert.False(BabyJubJubAffine.TryUnpack(modulus, out _));
        Assert.False(BabyJubJubAffine.TryUnpack(Enumerable.Repeat((byte)0xFF, 32).ToArray(), out _));
        Assert.False(BabyJubJubAffine.TryUnpack(new byte[31], out _));
        Assert.False(BabyJubJubAffine.TryUnpack(new byte[33], out _));
        Assert.Contains("32 bytes", Assert.Throws<FormatException>(() => BabyJubJubAffine.Unpack(new byte[31])).Message);
    }

    [Fact]
    public void OffCurvePointsAreRecognised()
    {
        var p = new BabyJubJubAffine(BabyJubJubCurve.Base8.X + Fr.One, BabyJubJubCurve.Base8.Y);
        Assert.False(p.IsOnCurve);
        Assert.False(p.IsInSubgroup);
        Assert.False(p.ToExtended().IsOnCurve);
        Assert.False(default(BabyJubJubAffine).IsOnCurve);
        Assert.False(new BabyJubJubPoint(Fr.Zero, Fr.One, Fr.Zero, Fr.Zero).IsOnCurve);
    }
}
