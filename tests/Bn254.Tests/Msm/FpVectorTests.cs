using System.Numerics;
using System.Runtime.Intrinsics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;
using CredentialHub.Bn254.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CredentialHub.Bn254.Tests.Msm;

/// <summary>
/// The AVX-512 lanes against their scalar twins: every operation of <see cref="FpVector"/> against
/// <see cref="Fp"/>, lane by lane, on eight values drawn with the edge values of Fp; the lane formulas
/// of <see cref="JacobianVector"/> against <see cref="ShortWeierstrass{F}"/>. On a CPU without AVX-512
/// these checks have nothing to run.
/// </summary>
public class FpVectorTests
{
    private const int Runs = Properties.PrimeFieldRuns;

    private static Arbitrary<Fp[]> Octets => Gen.ArrayOf(FieldGenerators.FpGen, FpVector.Lanes).ToArbitrary();

    [Fact]
    public void ConstantsDeriveFromTheModulus()
    {
        BigInteger q = Fp.Modulus;
        Assert.Equal(q, FromLimbs([FpVector.P0, FpVector.P1, FpVector.P2, FpVector.P3, FpVector.P4, FpVector.P5, FpVector.P6, FpVector.P7, FpVector.P8]));
        Assert.Equal((BigInteger.One << 256) % q,
            FromLimbs([FpVector.One0, FpVector.One1, FpVector.One2, FpVector.One3, FpVector.One4, FpVector.One5, FpVector.One6, FpVector.One7, FpVector.One8]));
        BigInteger radix = BigInteger.One << 29;
        Assert.Equal(radix - 1, q * FpVector.NegativeInverse % radix);
    }

    [Fact]
    public void LoadAndStoreRoundTrip() =>
        Properties.ForAll(Runs, Octets, values =>
        {
            if (!FpVector.IsSupported)
            {
                return;
            }
            var back = new Fp[FpVector.Lanes];
            FpVector.Load(in values[0]).Store(ref back[0]);
            Assert.Equal(values, back);
        });

    [Fact]
    public void MultiplyMatchesTheScalarProduct() =>
        Properties.ForAll(Runs, Octets, Octets, (a, b) => Check(a, b, (x, y) => { FpVector.Multiply(x, y, out var r); return r; }, (x, y) => x * y));

    [Fact]
    public void AddMatchesTheScalarSum() =>
        Properties.ForAll(Runs, Octets, Octets, (a, b) => Check(a, b, (x, y) => { FpVector.Add(x, y, out var r); return r; }, (x, y) => x + y));

    [Fact]
    public void SubtractMatchesTheScalarDifference() =>
        Properties.ForAll(Runs, Octets, Octets, (a, b) => Check(a, b, (x, y) => { FpVector.Subtract(x, y, out var r); return r; }, (x, y) => x - y));

    [Fact]
    public void OneIsTheMontgomeryOne()
    {
        if (!FpVector.IsSupported)
        {
            return;
        }
        var lanes = new Fp[FpVector.Lanes];
        FpVector.One.Store(ref lanes[0]);
        Assert.All(lanes, x => Assert.True(x.IsOne));
    }

    [Fact]
    public void ZeroMaskAndSelectWorkLaneByLane() =>
        Properties.ForAll(Runs, Octets, Octets, (a, b) =>
        {
            if (!FpVector.IsSupported)
            {
                return;
            }
            a[3] = Fp.Zero;
            FpVector va = FpVector.Load(in a[0]), vb = FpVector.Load(in b[0]);
            Vector512<ulong> zero = va.IsZero();
            var selected = new Fp[FpVector.Lanes];
            FpVector.Select(zero, vb, va).Store(ref selected[0]);
            for (int j = 0; j < FpVector.Lanes; j++)
            {
                Assert.Equal(a[j].IsZero, zero[j] == ulong.MaxValue);
                Assert.Equal(a[j].IsZero ? b[j] : a[j], selected[j]);
            }
        });

    /// <summary>Eight lanes mixing ordinary sums, identities on either side, absent additions and (in one run in three) P = ±Q.</summary>
    [Fact]
    public void LaneFormulasMatchTheScalarFormulas() =>
        Properties.ForAll(Properties.CurveRuns, Gen.ArrayOf(CurveGenerators.ScalarGen, 2 * FpVector.Lanes).ToArbitrary(), Gen.Choose(0, 2).ToArbitrary(),
            (scalars, exceptional) =>
            {
                if (!FpVector.IsSupported)
                {
                    return;
                }
                var left = new JacobianPoint<Fp>[FpVector.Lanes];
                var right = new JacobianPoint<Fp>[FpVector.Lanes];
                var affine = new G1Affine[FpVector.Lanes];
                var absent = new ulong[FpVector.Lanes];
                for (int j = 0; j < FpVector.Lanes; j++)
                {
                    G1Jacobian p = G1Jacobian.Generator.Multiply(scalars[j]);
                    G1Jacobian q = G1Jacobian.Generator.Multiply(scalars[j + FpVector.Lanes]);
                    if (exceptional != 0 && j == 5)
                    {
                        q = exceptional == 1 ? p.Double() - p : -p;
                    }
                    left[j] = new JacobianPoint<Fp> { X = p.X, Y = p.Y, Z = j == 1 ? Fp.Zero : p.Z };
                    right[j] = new JacobianPoint<Fp> { X = q.X, Y = q.Y, Z = j == 2 ? Fp.Zero : q.Z };
                    affine[j] = q.ToAffine();
                    absent[j] = j == 3 || affine[j].IsIdentity ? ulong.MaxValue : 0;
                }
                bool SameAbscissa(int j, G1Jacobian other) =>
                    !left[j].IsIdentity && !other.IsIdentity && (ToG1(left[j]) == other || ToG1(left[j]) == -other);
                CheckAdd(left, right, Enumerable.Range(0, FpVector.Lanes).Any(j => SameAbscissa(j, ToG1(right[j]))));
                CheckAddAffine(left, affine, absent,
                    Enumerable.Range(0, FpVector.Lanes).Any(j => absent[j] == 0 && SameAbscissa(j, affine[j].ToJacobian())));
            });

    private static void CheckAdd(JacobianPoint<Fp>[] left, JacobianPoint<Fp>[] right, bool exceptional)
    {
        JacobianVector sum = JacobianVector.Load(left);
        Assert.Equal(!exceptional, sum.TryAdd(JacobianVector.Load(right)));
        var lanes = new JacobianPoint<Fp>[FpVector.Lanes];
        sum.Store(lanes);
        for (int j = 0; j < FpVector.Lanes; j++)
        {
            JacobianPoint<Fp> expected = left[j];
            if (!exceptional)
            {
                expected.Add(right[j]);
            }
            Assert.Equal(ToG1(expected), ToG1(lanes[j]));
        }
    }

    private static void CheckAddAffine(JacobianPoint<Fp>[] left, G1Affine[] affine, ulong[] absent, bool exceptional)
    {
        var xs = affine.Select(p => p.X).ToArray();
        var ys = affine.Select(p => p.Y).ToArray();
        JacobianVector sum = JacobianVector.Load(left);
        Assert.Equal(!exceptional, sum.TryAddAffine(FpVector.Load(in xs[0]), FpVector.Load(in ys[0]), Vector512.Create<ulong>(absent)));
        var lanes = new JacobianPoint<Fp>[FpVector.Lanes];
        sum.Store(lanes);
        for (int j = 0; j < FpVector.Lanes; j++)
        {
            JacobianPoint<Fp> expected = left[j];
            if (!exceptional && absent[j] == 0)
            {
                expected.AddAffine(xs[j], ys[j]);
            }
            Assert.Equal(ToG1(expected), ToG1(lanes[j]));
        }
    }

    private static G1Jacobian ToG1(JacobianPoint<Fp> p) => p.IsIdentity ? G1Jacobian.Identity : new G1Jacobian(p.X, p.Y, p.Z);

    private static void Check(Fp[] a, Fp[] b, Func<FpVector, FpVector, FpVector> lanes, Func<Fp, Fp, Fp> scalar)
    {
        if (!FpVector.IsSupported)
        {
            return;
        }
        var result = new Fp[FpVector.Lanes];
        lanes(FpVector.Load(in a[0]), FpVector.Load(in b[0])).Store(ref result[0]);
        Assert.Equal(a.Zip(b, scalar), result);
    }

    private static BigInteger FromLimbs(ulong[] limbs)
    {
        BigInteger value = BigInteger.Zero;
        for (int k = limbs.Length - 1; k >= 0; k--)
        {
            value = (value << 29) + limbs[k];
        }
        return value;
    }
}
