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

/// <summary>The lane constants against their definitions from the modulus.</summary>
internal static class LaneModulusCheck
{
    internal static void Check<M>(BigInteger m) where M : struct, ILaneModulus
    {
        Assert.Equal(m, FromLimbs([M.M0, M.M1, M.M2, M.M3, M.M4, M.M5, M.M6, M.M7, M.M8]));
        Assert.Equal((BigInteger.One << 256) % m, FromLimbs([M.One0, M.One1, M.One2, M.One3, M.One4, M.One5, M.One6, M.One7, M.One8]));
        BigInteger radix = BigInteger.One << 29;
        Assert.Equal(radix - 1, m * M.NegativeInverse % radix);
        Assert.True(M.NegativeInverse < radix);
    }

    private static BigInteger FromLimbs(ulong[] limbs)
    {
        BigInteger value = BigInteger.Zero;
        for (int k = limbs.Length - 1; k >= 0; k--)
        {
            Assert.True(limbs[k] < 1UL << 29);
            value = (value << 29) + limbs[k];
        }
        return value;
    }

    internal static Span<ulong> AsWords(this Fp[] values) => System.Runtime.InteropServices.MemoryMarshal.Cast<Fp, ulong>(values.AsSpan());
}
