using System.Numerics;
using System.Runtime.Intrinsics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Msm;

/// <summary>
/// The AVX-512 lanes against their scalar twins, written once (<see cref="FieldLanesLaws{F, TLanes}"/>)
/// and run for Fp, Fr and Fp2 by the subclasses at the end of this file: every operation lane by lane on
/// eight values drawn with the field's edge values. On a CPU without AVX-512 these checks have nothing to run.
/// </summary>
public abstract class FieldLanesTests
{
    private protected abstract IFieldLanesLaws Laws { get; }

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property LoadAndStoreRoundTrip() => Laws.LoadAndStoreRoundTrip();

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property MultiplyMatchesTheScalarProduct() => Laws.MultiplyMatchesTheScalarProduct();

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property SquareMatchesTheScalarSquare() => Laws.SquareMatchesTheScalarSquare();

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property AddMatchesTheScalarSum() => Laws.AddMatchesTheScalarSum();

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property SubtractMatchesTheScalarDifference() => Laws.SubtractMatchesTheScalarDifference();

    [Fact]
    public void OneIsTheScalarOne() => Laws.OneIsTheScalarOne();

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property ZeroMaskAndSelectWorkLaneByLane() => Laws.ZeroMaskAndSelectWorkLaneByLane();
}

internal interface IFieldLanesLaws
{
    Property LoadAndStoreRoundTrip();
    Property MultiplyMatchesTheScalarProduct();
    Property SquareMatchesTheScalarSquare();
    Property AddMatchesTheScalarSum();
    Property SubtractMatchesTheScalarDifference();
    void OneIsTheScalarOne();
    Property ZeroMaskAndSelectWorkLaneByLane();
}

/// <summary>The laws for one field and its lanes; the elements come from the field's generator.</summary>
internal sealed class FieldLanesLaws<F, TLanes>(Gen<F> elements) : IFieldLanesLaws
    where F : struct, IField<F>
    where TLanes : struct, IFieldLanes<TLanes>
{
    private Arbitrary<F[]> Octets => Gen.ArrayOf(elements, Lanes<F>.Count).ToArbitrary();

    private static bool Supported => MontgomeryLanes<FpLaneModulus>.IsSupported;

    public Property LoadAndStoreRoundTrip() =>
        Prop.ForAll(Octets, values =>
        {
            if (Supported)
            {
                Assert.Equal(values, Store(TLanes.Load(in values[0])));
            }
        });

    public Property MultiplyMatchesTheScalarProduct() =>
        Prop.ForAll(Octets, Octets, (a, b) => Check(a, b, (x, y) => { TLanes.Multiply(x, y, out var r); return r; }, (x, y) => x * y));

    public Property SquareMatchesTheScalarSquare() =>
        Prop.ForAll(Octets, a => Check(a, a, (x, _) => { TLanes.Square(x, out var r); return r; }, (x, _) => x.Square()));

    public Property AddMatchesTheScalarSum() =>
        Prop.ForAll(Octets, Octets, (a, b) => Check(a, b, (x, y) => { TLanes.Add(x, y, out var r); return r; }, (x, y) => x + y));

    public Property SubtractMatchesTheScalarDifference() =>
        Prop.ForAll(Octets, Octets, (a, b) => Check(a, b, (x, y) => { TLanes.Subtract(x, y, out var r); return r; }, (x, y) => x - y));

    public void OneIsTheScalarOne()
    {
        if (Supported)
        {
            Assert.All(Store(TLanes.One), x => Assert.True(x.IsOne));
        }
    }

    public Property ZeroMaskAndSelectWorkLaneByLane() =>
        Prop.ForAll(Octets, Octets, (a, b) =>
        {
            if (!Supported)
            {
                return;
            }
            a[3] = F.Zero;
            TLanes la = TLanes.Load(in a[0]), lb = TLanes.Load(in b[0]);
            Vector512<ulong> zero = la.IsZero();
            F[] selected = Store(TLanes.Select(zero, lb, la));
            for (int j = 0; j < Lanes<F>.Count; j++)
            {
                Assert.Equal(a[j].IsZero, zero[j] == ulong.MaxValue);
                Assert.Equal(a[j].IsZero ? b[j] : a[j], selected[j]);
            }
        });

    private static F[] Store(in TLanes lanes)
    {
        var values = new F[Lanes<F>.Count];
        lanes.Store(ref values[0]);
        return values;
    }

    private static void Check(F[] a, F[] b, Func<TLanes, TLanes, TLanes> lanes, Func<F, F, F> scalar)
    {
        if (Supported)
        {
            Assert.Equal(a.Zip(b, scalar), Store(lanes(TLanes.Load(in a[0]), TLanes.Load(in b[0]))));
        }
    }
}

public class FpLanesTests : FieldLanesTests
{
    private protected override IFieldLanesLaws Laws { get; } = new FieldLanesLaws<Fp, MontgomeryLanes<FpLaneModulus>>(FieldGenerators.FpGen);

    [Fact]
    public void ConstantsDeriveFromTheModulus() => LaneModulusCheck.Check<FpLaneModulus>(Fp.Modulus);

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property StridedLoadAndStoreRoundTrip() =>
        Prop.ForAll(Gen.ArrayOf(FieldGenerators.FpGen, 3 * Lanes<Fp>.Count).ToArbitrary(), values =>
        {
            if (!MontgomeryLanes<FpLaneModulus>.IsSupported)
            {
                return;
            }
            // Every third element: a stride of twelve 64-bit words.
            var lanes = MontgomeryLanes<FpLaneModulus>.LoadStrided(in values.AsWords()[0], 12);
            var contiguous = new Fp[Lanes<Fp>.Count];
            lanes.Store(ref contiguous[0]);
            Assert.Equal(values.Where((_, i) => i % 3 == 0), contiguous);
            var back = new Fp[values.Length];
            lanes.StoreStrided(ref back.AsWords()[0], 12);
            Assert.Equal(values.Where((_, i) => i % 3 == 0), back.Where((_, i) => i % 3 == 0));
        });
}

public class FrLanesTests : FieldLanesTests
{
    private protected override IFieldLanesLaws Laws { get; } = new FieldLanesLaws<Fr, MontgomeryLanes<FrLaneModulus>>(FieldGenerators.FrGen);

    [Fact]
    public void ConstantsDeriveFromTheModulus() => LaneModulusCheck.Check<FrLaneModulus>(Fr.Modulus);
}

public class Fp2LanesTests : FieldLanesTests
{
    private protected override IFieldLanesLaws Laws { get; } = new FieldLanesLaws<Fp2, Fp2Lanes>(FieldGenerators.Fp2Gen);
}

/// <summary>
/// The lanes' product on stored representations shaped for the 52-bit limbs and the double-precision
/// split: zero and one, every limb at 0 or 2^52 − 1, a single bit at each limb's edges, m − 1 and its
/// neighbours, all against BigInteger (a·b·2^−256 mod m). Every pair is tried, in every lane position.
/// </summary>
public class LaneProductShapeTests
{
    [Fact]
    public void FpProductOnShapedRepresentations() => Check<FpLaneModulus>(Fp.Modulus);

    [Fact]
    public void FrProductOnShapedRepresentations() => Check<FrLaneModulus>(Fr.Modulus);

    internal static List<BigInteger> Shapes(BigInteger m)
    {
        BigInteger limb = (BigInteger.One << 52) - 1;
        var shapes = new List<BigInteger> { 0, 1, 2, limb, limb + 1, m - 1, m - 2, m - limb, m - (BigInteger.One << 52), m >> 1, (m >> 1) + 1 };
        for (int k = 1; k <= 4; k++)
        {
            shapes.Add((BigInteger.One << (52 * k)) - 1);
            shapes.Add(BigInteger.One << (52 * k));
            shapes.Add(BigInteger.One << (52 * k - 1));
        }
        // Every mix of empty and full lower limbs, under a top limb near its largest value below m.
        BigInteger top = (m >> 208) << 208;
        for (int mixture = 0; mixture < 16; mixture++)
        {
            BigInteger x = BigInteger.Zero;
            for (int k = 0; k < 4; k++)
            {
                if ((mixture >> k & 1) == 1)
                {
                    x += limb << (52 * k);
                }
            }
            shapes.Add(x);
            shapes.Add((top - (BigInteger.One << 208)) + x);
        }
        shapes.Add(BigInteger.One << 253);
        return shapes.Where(x => x >= 0 && x < m).Distinct().ToList();
    }

    private static void Check<M>(BigInteger m) where M : struct, ILaneModulus
    {
        if (!MontgomeryLanes<M>.IsSupported)
        {
            return;
        }
        var shapes = Shapes(m);
        BigInteger rInverse = BigInteger.ModPow(BigInteger.One << 256, m - 2, m);
        var a = new ulong[32];
        var b = new ulong[32];
        var result = new ulong[32];
        int n = shapes.Count;
        // Octets of pairs: pair p goes to lane p mod 8, so every pair meets every lane position across the shifts.
        for (int shift = 0; shift < 8; shift++)
        {
            var pairs = Enumerable.Range(0, n * n).Select(p => (X: shapes[p / n], Y: shapes[p % n])).ToList();
            for (int start = -shift; start < pairs.Count; start += 8)
            {
                for (int lane = 0; lane < 8; lane++)
                {
                    int p = start + lane;
                    var (x, y) = p >= 0 && p < pairs.Count ? pairs[p] : (BigInteger.Zero, BigInteger.Zero);
                    Write(x, a, lane);
                    Write(y, b, lane);
                }
                MontgomeryLanes<M>.Multiply(MontgomeryLanes<M>.Load(in a[0]), MontgomeryLanes<M>.Load(in b[0]), out var product);
                product.Store(ref result[0]);
                for (int lane = 0; lane < 8; lane++)
                {
                    int p = start + lane;
                    var (x, y) = p >= 0 && p < pairs.Count ? pairs[p] : (BigInteger.Zero, BigInteger.Zero);
                    BigInteger expected = x * y * rInverse % m;
                    Assert.True(expected == Read(result, lane), $"{x} · {y} in lane {lane}: expected {expected}, got {Read(result, lane)}");
                }
            }
        }
    }

    private static void Write(BigInteger x, ulong[] words, int lane)
    {
        for (int k = 0; k < 4; k++)
        {
            words[4 * lane + k] = (ulong)(x >> (64 * k) & ulong.MaxValue);
        }
    }

    private static BigInteger Read(ulong[] words, int lane)
    {
        BigInteger x = BigInteger.Zero;
        for (int k = 3; k >= 0; k--)
        {
            x = (x << 64) + words[4 * lane + k];
        }
        return x;
    }
}

/// <summary>The lane constants against their definitions from the modulus.</summary>
internal static class LaneModulusCheck
{
    internal static void Check<M>(BigInteger m) where M : struct, ILaneModulus
    {
        Assert.Equal(m, FromLimbs([M.M0, M.M1, M.M2, M.M3, M.M4]));
        Assert.Equal((BigInteger.One << 256) % m, FromLimbs([M.One0, M.One1, M.One2, M.One3, M.One4]));
        BigInteger radix = BigInteger.One << 52;
        Assert.Equal(radix - 1, m * M.NegativeInverse % radix);
        Assert.True(M.NegativeInverse < radix);
    }

    private static BigInteger FromLimbs(ulong[] limbs)
    {
        BigInteger value = BigInteger.Zero;
        for (int k = limbs.Length - 1; k >= 0; k--)
        {
            Assert.True(limbs[k] < 1UL << 52);
            value = (value << 52) + limbs[k];
        }
        return value;
    }

    internal static Span<ulong> AsWords(this Fp[] values) => System.Runtime.InteropServices.MemoryMarshal.Cast<Fp, ulong>(values.AsSpan());
}
