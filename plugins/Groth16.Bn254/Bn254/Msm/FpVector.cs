using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Eight elements of Fp processed together in AVX-512 lanes, for the independent multiplications of
/// a batch of affine additions. Lane j of limb Lk holds bits [29k, 29k + 29) of element j, so nine
/// limbs of 29 bits cover 261 bits; each limb sits in a 64-bit lane because VPMULUDQ
/// (<see cref="Avx512F.Multiply(Vector512{uint}, Vector512{uint})"/>) multiplies the low 32 bits of
/// each 64-bit lane into a 64-bit product. With 29-bit limbs a product is below 2^58 and a column
/// collects at most 18 of them (a·b and m·p) without overflowing, so the carries wait until a limb is
/// reduced instead of following every product.
/// Values are the same Montgomery residues as <see cref="Fp"/> (x·2^256 mod q), fully reduced, so
/// converting is only re-slicing bits: the multiplication reduces by exactly 2^256, in eight
/// rounds of 29 bits and a last one of 24. Every operation takes and returns fully reduced values.
/// The scalar <see cref="Fp"/> arithmetic is the twin: callers check <see cref="IsSupported"/>, and
/// the tests compare every operation with it. The operations skip tiered compilation: their first
/// (unoptimised) versions would be tens of times slower. Not constant time.
/// </summary>
internal readonly partial struct FpVector
{
    internal const int Lanes = 8;
    private const int LimbBits = 29;
    private const ulong LimbMask = (1UL << LimbBits) - 1;
    private const ulong LastRoundMask = (1UL << 24) - 1;

    /// <summary>q in 29-bit limbs.</summary>
    internal const ulong P0 = 0x187cfd47, P1 = 0x10460b6, P2 = 0x1c72a34f, P3 = 0x2d522d0, P4 = 0x1585d978,
        P5 = 0x2db40c0, P6 = 0x0a6e141, P7 = 0xe5c2634, P8 = 0x030644e;

    /// <summary>−q⁻¹ mod 2^29.</summary>
    internal const ulong NegativeInverse = 0x4866389;

    /// <summary>2^256 mod q (the Montgomery form of 1) in 29-bit limbs.</summary>
    internal const ulong One0 = 0x58f0d9d, One1 = 0x1aea1c6e, One2 = 0x11c2cf74, One3 = 0x11d651eb, One4 = 0x1462c0a7,
        One5 = 0x11b7bc3c, One6 = 0x1cbd99ba, One7 = 0x183340fb, One8 = 0x00e0a77;

    internal readonly Vector512<ulong> L0, L1, L2, L3, L4, L5, L6, L7, L8;

    internal static bool IsSupported => Avx512F.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal FpVector(Vector512<ulong> l0, Vector512<ulong> l1, Vector512<ulong> l2, Vector512<ulong> l3, Vector512<ulong> l4,
        Vector512<ulong> l5, Vector512<ulong> l6, Vector512<ulong> l7, Vector512<ulong> l8)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3; L4 = l4; L5 = l5; L6 = l6; L7 = l7; L8 = l8;
    }

    internal static FpVector One => new(
        Vector512.Create(One0), Vector512.Create(One1), Vector512.Create(One2), Vector512.Create(One3), Vector512.Create(One4),
        Vector512.Create(One5), Vector512.Create(One6), Vector512.Create(One7), Vector512.Create(One8));

    /// <summary>
    /// Reads eight consecutive elements: four 512-bit loads hold two elements each, two rounds of
    /// two-source permutations transpose them into one vector per 64-bit limb, and shifts re-slice
    /// the four 64-bit limbs into nine 29-bit ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static FpVector Load(ref readonly Fp first)
    {
        ref ulong words = ref Unsafe.As<Fp, ulong>(ref Unsafe.AsRef(in first));
        Vector512<ulong> v0 = Vector512.LoadUnsafe(ref words);
        Vector512<ulong> v1 = Vector512.LoadUnsafe(ref words, 8);
        Vector512<ulong> v2 = Vector512.LoadUnsafe(ref words, 16);
        Vector512<ulong> v3 = Vector512.LoadUnsafe(ref words, 24);
        // (e0..e3 limb 0, e0..e3 limb 1) and (e0..e3 limb 2, e0..e3 limb 3), then the same for e4..e7.
        Vector512<ulong> evenLow = Avx512F.PermuteVar8x64x2(v0, Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13), v1);
        Vector512<ulong> evenHigh = Avx512F.PermuteVar8x64x2(v0, Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15), v1);
        Vector512<ulong> oddLow = Avx512F.PermuteVar8x64x2(v2, Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13), v3);
        Vector512<ulong> oddHigh = Avx512F.PermuteVar8x64x2(v2, Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15), v3);
        Vector512<ulong> first4 = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11);
        Vector512<ulong> last4 = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        Vector512<ulong> w0 = Avx512F.PermuteVar8x64x2(evenLow, first4, oddLow);
        Vector512<ulong> w1 = Avx512F.PermuteVar8x64x2(evenLow, last4, oddLow);
        Vector512<ulong> w2 = Avx512F.PermuteVar8x64x2(evenHigh, first4, oddHigh);
        Vector512<ulong> w3 = Avx512F.PermuteVar8x64x2(evenHigh, last4, oddHigh);
        Vector512<ulong> mask = Vector512.Create(LimbMask);
        return new FpVector(
            w0 & mask,
            (w0 >>> 29) & mask,
            ((w0 >>> 58) | (w1 << 6)) & mask,
            (w1 >>> 23) & mask,
            ((w1 >>> 52) | (w2 << 12)) & mask,
            (w2 >>> 17) & mask,
            ((w2 >>> 46) | (w3 << 18)) & mask,
            (w3 >>> 11) & mask,
            w3 >>> 40);
    }

    /// <summary>Writes the eight elements to consecutive storage: the inverse of <see cref="Load"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Store(ref Fp first)
    {
        Vector512<ulong> w0 = L0 | (L1 << 29) | (L2 << 58);
        Vector512<ulong> w1 = (L2 >>> 6) | (L3 << 23) | (L4 << 52);
        Vector512<ulong> w2 = (L4 >>> 12) | (L5 << 17) | (L6 << 46);
        Vector512<ulong> w3 = (L6 >>> 18) | (L7 << 11) | (L8 << 40);
        // Lanes (w0[j], w1[j], w2[j], w3[j]) are element j: interleave pairs, then quadruples.
        Vector512<ulong> low01 = Avx512F.PermuteVar8x64x2(w0, Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11), w1);
        Vector512<ulong> high01 = Avx512F.PermuteVar8x64x2(w0, Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15), w1);
        Vector512<ulong> low23 = Avx512F.PermuteVar8x64x2(w2, Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11), w3);
        Vector512<ulong> high23 = Avx512F.PermuteVar8x64x2(w2, Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15), w3);
        Vector512<ulong> pairs0 = Vector512.Create(0UL, 1, 8, 9, 2, 3, 10, 11);
        Vector512<ulong> pairs1 = Vector512.Create(4UL, 5, 12, 13, 6, 7, 14, 15);
        ref ulong words = ref Unsafe.As<Fp, ulong>(ref first);
        Avx512F.PermuteVar8x64x2(low01, pairs0, low23).StoreUnsafe(ref words);
        Avx512F.PermuteVar8x64x2(low01, pairs1, low23).StoreUnsafe(ref words, 8);
        Avx512F.PermuteVar8x64x2(high01, pairs0, high23).StoreUnsafe(ref words, 16);
        Avx512F.PermuteVar8x64x2(high01, pairs1, high23).StoreUnsafe(ref words, 24);
    }

    /// <summary>a − b, adding q back in the lanes where the difference is negative.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static void Subtract(in FpVector a, in FpVector b, out FpVector r)
    {
        Vector512<ulong> mask = Vector512.Create(LimbMask);
        Vector512<long> s = (a.L0 - b.L0).AsInt64();
        Vector512<ulong> d0 = s.AsUInt64() & mask;
        s = (a.L1 - b.L1).AsInt64() + (s >> LimbBits);
        Vector512<ulong> d1 = s.AsUInt64() & mask;
        s = (a.L2 - b.L2).AsInt64() + (s >> LimbBits);
        Vector512<ulong> d2 = s.AsUInt64() & mask;
        s = (a.L3 - b.L3).AsInt64() + (s >> LimbBits);
        Vector512<ulong> d3 = s.AsUInt64() & mask;
        s = (a.L4 - b.L4).AsInt64() + (s >> LimbBits);
        Vector512<ulong> d4 = s.AsUInt64() & mask;
        s = (a.L5 - b.L5).AsInt64() + (s >> LimbBits);
        Vector512<ulong> d5 = s.AsUInt64() & mask;
        s = (a.L6 - b.L6).AsInt64() + (s >> LimbBits);
        Vector512<ulong> d6 = s.AsUInt64() & mask;
        s = (a.L7 - b.L7).AsInt64() + (s >> LimbBits);
        Vector512<ulong> d7 = s.AsUInt64() & mask;
        s = (a.L8 - b.L8).AsInt64() + (s >> LimbBits);
        Vector512<ulong> d8 = s.AsUInt64() & mask;
        // All ones in the lanes that borrowed out of the top limb.
        Vector512<ulong> negative = (s >> 63).AsUInt64();
        Vector512<ulong> c = d0 + (Vector512.Create(P0) & negative);
        Vector512<ulong> r0 = c & mask;
        c = d1 + (Vector512.Create(P1) & negative) + (c >>> LimbBits);
        Vector512<ulong> r1 = c & mask;
        c = d2 + (Vector512.Create(P2) & negative) + (c >>> LimbBits);
        Vector512<ulong> r2 = c & mask;
        c = d3 + (Vector512.Create(P3) & negative) + (c >>> LimbBits);
        Vector512<ulong> r3 = c & mask;
        c = d4 + (Vector512.Create(P4) & negative) + (c >>> LimbBits);
        Vector512<ulong> r4 = c & mask;
        c = d5 + (Vector512.Create(P5) & negative) + (c >>> LimbBits);
        Vector512<ulong> r5 = c & mask;
        c = d6 + (Vector512.Create(P6) & negative) + (c >>> LimbBits);
        Vector512<ulong> r6 = c & mask;
        c = d7 + (Vector512.Create(P7) & negative) + (c >>> LimbBits);
        Vector512<ulong> r7 = c & mask;
        c = d8 + (Vector512.Create(P8) & negative) + (c >>> LimbBits);
        r = new FpVector(r0, r1, r2, r3, r4, r5, r6, r7, c & mask);
    }

    /// <summary>a + b, subtracting q where the sum reaches it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static void Add(in FpVector a, in FpVector b, out FpVector r)
    {
        Vector512<ulong> mask = Vector512.Create(LimbMask);
        Vector512<ulong> c = a.L0 + b.L0;
        Vector512<ulong> s0 = c & mask;
        c = a.L1 + b.L1 + (c >>> LimbBits);
        Vector512<ulong> s1 = c & mask;
        c = a.L2 + b.L2 + (c >>> LimbBits);
        Vector512<ulong> s2 = c & mask;
        c = a.L3 + b.L3 + (c >>> LimbBits);
        Vector512<ulong> s3 = c & mask;
        c = a.L4 + b.L4 + (c >>> LimbBits);
        Vector512<ulong> s4 = c & mask;
        c = a.L5 + b.L5 + (c >>> LimbBits);
        Vector512<ulong> s5 = c & mask;
        c = a.L6 + b.L6 + (c >>> LimbBits);
        Vector512<ulong> s6 = c & mask;
        c = a.L7 + b.L7 + (c >>> LimbBits);
        Vector512<ulong> s7 = c & mask;
        c = a.L8 + b.L8 + (c >>> LimbBits);
        r = ReduceOnce(new FpVector(s0, s1, s2, s3, s4, s5, s6, s7, c), mask);
    }

    /// <summary>All ones in the lanes that hold zero (values are fully reduced, so zero has one form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Vector512<ulong> IsZero() =>
        Vector512.Equals(L0 | L1 | L2 | L3 | L4 | L5 | L6 | L7 | L8, Vector512<ulong>.Zero);

    /// <summary>Lane by lane: a where the mask is all ones, b where it is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static FpVector Select(Vector512<ulong> mask, in FpVector a, in FpVector b) => new(
        Vector512.ConditionalSelect(mask, a.L0, b.L0), Vector512.ConditionalSelect(mask, a.L1, b.L1),
        Vector512.ConditionalSelect(mask, a.L2, b.L2), Vector512.ConditionalSelect(mask, a.L3, b.L3),
        Vector512.ConditionalSelect(mask, a.L4, b.L4), Vector512.ConditionalSelect(mask, a.L5, b.L5),
        Vector512.ConditionalSelect(mask, a.L6, b.L6), Vector512.ConditionalSelect(mask, a.L7, b.L7),
        Vector512.ConditionalSelect(mask, a.L8, b.L8));

    /// <summary>Subtracts q in the lanes holding a value in [q, 2q); normalised limbs in and out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FpVector ReduceOnce(in FpVector x, Vector512<ulong> mask)
    {
        Vector512<ulong> s = x.L0 - Vector512.Create(P0);
        Vector512<ulong> e0 = s & mask;
        s = x.L1 - Vector512.Create(P1) - (s >>> 63);
        Vector512<ulong> e1 = s & mask;
        s = x.L2 - Vector512.Create(P2) - (s >>> 63);
        Vector512<ulong> e2 = s & mask;
        s = x.L3 - Vector512.Create(P3) - (s >>> 63);
        Vector512<ulong> e3 = s & mask;
        s = x.L4 - Vector512.Create(P4) - (s >>> 63);
        Vector512<ulong> e4 = s & mask;
        s = x.L5 - Vector512.Create(P5) - (s >>> 63);
        Vector512<ulong> e5 = s & mask;
        s = x.L6 - Vector512.Create(P6) - (s >>> 63);
        Vector512<ulong> e6 = s & mask;
        s = x.L7 - Vector512.Create(P7) - (s >>> 63);
        Vector512<ulong> e7 = s & mask;
        s = x.L8 - Vector512.Create(P8) - (s >>> 63);
        Vector512<ulong> e8 = s & mask;
        // Keep x where x − q borrowed (x < q), otherwise take the difference.
        Vector512<ulong> keep = Vector512.ShiftRightArithmetic(s.AsInt64(), 63).AsUInt64();
        return new FpVector(
            Vector512.ConditionalSelect(keep, x.L0, e0), Vector512.ConditionalSelect(keep, x.L1, e1),
            Vector512.ConditionalSelect(keep, x.L2, e2), Vector512.ConditionalSelect(keep, x.L3, e3),
            Vector512.ConditionalSelect(keep, x.L4, e4), Vector512.ConditionalSelect(keep, x.L5, e5),
            Vector512.ConditionalSelect(keep, x.L6, e6), Vector512.ConditionalSelect(keep, x.L7, e7),
            Vector512.ConditionalSelect(keep, x.L8, e8));
    }
}
