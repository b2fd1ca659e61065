using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CredentialHub.Bn254.Fields;
using FpLanes = CredentialHub.Bn254.Msm.MontgomeryLanes<CredentialHub.Bn254.Msm.FpLaneModulus>;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Eight elements of Fp2 = Fp[u]/(u² + 1) in AVX-512 lanes: the c0 and c1 halves as two
/// <see cref="MontgomeryLanes{M}"/> over Fp, with the formulas of <see cref="Fp2"/> (Karatsuba product
/// with three Fp products, squaring with two), so G2 batches run in lanes like G1's. A scalar
/// <see cref="Fp2"/> is (c0, c1), eight 64-bit words: the halves load with a stride of eight words.
/// Not constant time.
/// </summary>
internal readonly struct Fp2Lanes : IFieldLanes<Fp2Lanes>
{
    private const nuint Stride = 8;

    internal readonly FpLanes C0, C1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Fp2Lanes(in FpLanes c0, in FpLanes c1)
    {
        C0 = c0;
        C1 = c1;
    }

    public static Fp2Lanes One => new(FpLanes.One, default);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2Lanes Load<T>(ref readonly T first) where T : struct
    {
        ref ulong words = ref Unsafe.As<T, ulong>(ref Unsafe.AsRef(in first));
        return new Fp2Lanes(FpLanes.LoadStrided(in words, Stride), FpLanes.LoadStrided(in Unsafe.Add(ref words, 4), Stride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store<T>(ref T first) where T : struct
    {
        ref ulong words = ref Unsafe.As<T, ulong>(ref first);
        C0.StoreStrided(ref words, Stride);
        C1.StoreStrided(ref Unsafe.Add(ref words, 4), Stride);
    }

    /// <summary>(a0 + a1u)(b0 + b1u) = (a0b0 − a1b1) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)u.</summary>
    public static void Multiply(in Fp2Lanes a, in Fp2Lanes b, out Fp2Lanes r)
    {
        FpLanes.Multiply(a.C0, b.C0, out FpLanes v0);
        FpLanes.Multiply(a.C1, b.C1, out FpLanes v1);
        FpLanes.Add(a.C0, a.C1, out FpLanes sa);
        FpLanes.Add(b.C0, b.C1, out FpLanes sb);
        FpLanes.Multiply(sa, sb, out FpLanes cross);
        FpLanes.Subtract(cross, v0, out cross);
        FpLanes.Subtract(cross, v1, out cross);
        FpLanes.Subtract(v0, v1, out v0);
        r = new Fp2Lanes(v0, cross);
    }

    /// <summary>(c0 + c1u)² = (c0 + c1)(c0 − c1) + 2c0c1·u.</summary>
    public static void Square(in Fp2Lanes a, out Fp2Lanes r)
    {
        FpLanes.Multiply(a.C0, a.C1, out FpLanes t);
        FpLanes.Add(a.C0, a.C1, out FpLanes sum);
        FpLanes.Subtract(a.C0, a.C1, out FpLanes difference);
        FpLanes.Multiply(sum, difference, out FpLanes c0);
        FpLanes.Add(t, t, out t);
        r = new Fp2Lanes(c0, t);
    }

    public static void Add(in Fp2Lanes a, in Fp2Lanes b, out Fp2Lanes r)
    {
        FpLanes.Add(a.C0, b.C0, out FpLanes c0);
        FpLanes.Add(a.C1, b.C1, out FpLanes c1);
        r = new Fp2Lanes(c0, c1);
    }

    public static void Subtract(in Fp2Lanes a, in Fp2Lanes b, out Fp2Lanes r)
    {
        FpLanes.Subtract(a.C0, b.C0, out FpLanes c0);
        FpLanes.Subtract(a.C1, b.C1, out FpLanes c1);
        r = new Fp2Lanes(c0, c1);
    }

    public Vector512<ulong> IsZero() => C0.IsZero() & C1.IsZero();

    public static Fp2Lanes Select(Vector512<ulong> mask, in Fp2Lanes a, in Fp2Lanes b) =>
        new(FpLanes.Select(mask, a.C0, b.C0), FpLanes.Select(mask, a.C1, b.C1));
}
