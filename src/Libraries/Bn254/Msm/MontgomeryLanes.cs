using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Eight elements of a prime field (Fp or Fr, by <typeparamref name="M"/>) processed together in
/// AVX-512 lanes. Lane j of limb Lk holds bits [52k, 52k + 52) of element j, so five limbs of 52 bits
/// cover 260 bits, each in a 64-bit lane. Products of two limbs are made in double precision: a fused
/// multiply-add rounded toward zero gives the high 52 bits of the 104-bit product and a second one the
/// low 52 bits exactly (the split of Emmart, Zheng and Weems, "Faster modular exponentiation using double
/// precision floating point arithmetic on the GPU", 2018), which stands in for IFMA's 52-bit multiplies,
/// not exposed by .NET. Additions and subtractions carry over five limbs instead of the nine a 29-bit
/// radix would need.
/// Values are the same Montgomery residues as <see cref="Fields.Fp"/> and <see cref="Fields.Fr"/>
/// (x·2^256 mod m), fully reduced, so converting is only re-slicing bits. Every operation takes and
/// returns fully reduced values. The scalar field types are the twins: callers check
/// <see cref="IsSupported"/>, and the tests compare every operation with them. The operations skip
/// tiered compilation, whose first, unoptimised versions would be tens of times slower. Not constant time.
/// </summary>
internal readonly partial struct MontgomeryLanes<M> : IFieldLanes<MontgomeryLanes<M>> where M : struct, ILaneModulus
{
    internal const int Count = 8;
    private const int LimbBits = 52;
    private const ulong LimbMask = (1UL << LimbBits) - 1;

    internal readonly Vector512<ulong> L0, L1, L2, L3, L4;

    internal static bool IsSupported => Avx512F.IsSupported && Avx512DQ.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal MontgomeryLanes(Vector512<ulong> l0, Vector512<ulong> l1, Vector512<ulong> l2, Vector512<ulong> l3, Vector512<ulong> l4)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3; L4 = l4;
    }

    public static MontgomeryLanes<M> One => new(
        Vector512.Create(M.One0), Vector512.Create(M.One1), Vector512.Create(M.One2), Vector512.Create(M.One3), Vector512.Create(M.One4));

    /// <summary>Every lane holding the same element, given by its four 64-bit Montgomery limbs.</summary>
    internal static MontgomeryLanes<M> Broadcast(ulong w0, ulong w1, ulong w2, ulong w3) =>
        FromWords(Vector512.Create(w0), Vector512.Create(w1), Vector512.Create(w2), Vector512.Create(w3));

    /// <summary>Reads eight consecutive elements (four 64-bit limbs each) with four 512-bit loads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MontgomeryLanes<M> Load<T>(ref readonly T first) where T : struct
    {
        ref ulong words = ref Unsafe.As<T, ulong>(ref Unsafe.AsRef(in first));
        return FromPairs(
            Vector512.LoadUnsafe(ref words), Vector512.LoadUnsafe(ref words, 8),
            Vector512.LoadUnsafe(ref words, 16), Vector512.LoadUnsafe(ref words, 24));
    }

    /// <summary>Reads eight elements that lie <paramref name="stride"/> 64-bit words apart (Fp2 halves, columns of a matrix).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static MontgomeryLanes<M> LoadStrided(ref readonly ulong first, nuint stride)
    {
        ref ulong words = ref Unsafe.AsRef(in first);
        return FromPairs(
            Vector512.Create(Vector256.LoadUnsafe(ref words), Vector256.LoadUnsafe(ref words, stride)),
            Vector512.Create(Vector256.LoadUnsafe(ref words, 2 * stride), Vector256.LoadUnsafe(ref words, 3 * stride)),
            Vector512.Create(Vector256.LoadUnsafe(ref words, 4 * stride), Vector256.LoadUnsafe(ref words, 5 * stride)),
            Vector512.Create(Vector256.LoadUnsafe(ref words, 6 * stride), Vector256.LoadUnsafe(ref words, 7 * stride)));
    }

    /// <summary>Writes the eight elements to consecutive storage: the inverse of <see cref="Load"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store<T>(ref T first) where T : struct
    {
        ToPairs(out Vector512<ulong> p0, out Vector512<ulong> p1, out Vector512<ulong> p2, out Vector512<ulong> p3);
        ref ulong words = ref Unsafe.As<T, ulong>(ref first);
        p0.StoreUnsafe(ref words);
        p1.StoreUnsafe(ref words, 8);
        p2.StoreUnsafe(ref words, 16);
        p3.StoreUnsafe(ref words, 24);
    }

    /// <summary>The inverse of <see cref="LoadStrided"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void StoreStrided(ref ulong first, nuint stride)
    {
        ToPairs(out Vector512<ulong> p0, out Vector512<ulong> p1, out Vector512<ulong> p2, out Vector512<ulong> p3);
        p0.GetLower().StoreUnsafe(ref first);
        p0.GetUpper().StoreUnsafe(ref first, stride);
        p1.GetLower().StoreUnsafe(ref first, 2 * stride);
        p1.GetUpper().StoreUnsafe(ref first, 3 * stride);
        p2.GetLower().StoreUnsafe(ref first, 4 * stride);
        p2.GetUpper().StoreUnsafe(ref first, 5 * stride);
        p3.GetLower().StoreUnsafe(ref first, 6 * stride);
        p3.GetUpper().StoreUnsafe(ref first, 7 * stride);
    }

    /// <summary>
    /// Four vectors holding two elements each (limbs 0..3 of element 2i, then of 2i + 1) to lanes: two
    /// rounds of two-source permutations transpose them into one vector per 64-bit limb.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MontgomeryLanes<M> FromPairs(Vector512<ulong> v0, Vector512<ulong> v1, Vector512<ulong> v2, Vector512<ulong> v3)
    {
        // (e0..e3 limb 0, e0..e3 limb 1) and (e0..e3 limb 2, e0..e3 limb 3), then the same for e4..e7.
        Vector512<ulong> evenLow = Avx512F.PermuteVar8x64x2(v0, Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13), v1);
        Vector512<ulong> evenHigh = Avx512F.PermuteVar8x64x2(v0, Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15), v1);
        Vector512<ulong> oddLow = Avx512F.PermuteVar8x64x2(v2, Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13), v3);
        Vector512<ulong> oddHigh = Avx512F.PermuteVar8x64x2(v2, Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15), v3);
        Vector512<ulong> first4 = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11);
        Vector512<ulong> last4 = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);
        return FromWords(
            Avx512F.PermuteVar8x64x2(evenLow, first4, oddLow),
            Avx512F.PermuteVar8x64x2(evenLow, last4, oddLow),
            Avx512F.PermuteVar8x64x2(evenHigh, first4, oddHigh),
            Avx512F.PermuteVar8x64x2(evenHigh, last4, oddHigh));
    }

    /// <summary>Re-slices four 64-bit limbs per lane into five 52-bit limbs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MontgomeryLanes<M> FromWords(Vector512<ulong> w0, Vector512<ulong> w1, Vector512<ulong> w2, Vector512<ulong> w3)
    {
        Vector512<ulong> mask = Vector512.Create(LimbMask);
        return new MontgomeryLanes<M>(
            w0 & mask,
            ((w0 >>> 52) | (w1 << 12)) & mask,
            ((w1 >>> 40) | (w2 << 24)) & mask,
            ((w2 >>> 28) | (w3 << 36)) & mask,
            w3 >>> 16);
    }

    /// <summary>The inverse of <see cref="FromPairs"/>: limbs back to 64 bits, then lanes interleaved into pairs of elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ToPairs(out Vector512<ulong> p0, out Vector512<ulong> p1, out Vector512<ulong> p2, out Vector512<ulong> p3)
    {
        Vector512<ulong> w0 = L0 | (L1 << 52);
        Vector512<ulong> w1 = (L1 >>> 12) | (L2 << 40);
        Vector512<ulong> w2 = (L2 >>> 24) | (L3 << 28);
        Vector512<ulong> w3 = (L3 >>> 36) | (L4 << 16);
        Vector512<ulong> low01 = Avx512F.PermuteVar8x64x2(w0, Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11), w1);
        Vector512<ulong> high01 = Avx512F.PermuteVar8x64x2(w0, Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15), w1);
        Vector512<ulong> low23 = Avx512F.PermuteVar8x64x2(w2, Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11), w3);
        Vector512<ulong> high23 = Avx512F.PermuteVar8x64x2(w2, Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15), w3);
        Vector512<ulong> pairs0 = Vector512.Create(0UL, 1, 8, 9, 2, 3, 10, 11);
        Vector512<ulong> pairs1 = Vector512.Create(4UL, 5, 12, 13, 6, 7, 14, 15);
        p0 = Avx512F.PermuteVar8x64x2(low01, pairs0, low23);
        p1 = Avx512F.PermuteVar8x64x2(low01, pairs1, low23);
        p2 = Avx512F.PermuteVar8x64x2(high01, pairs0, high23);
        p3 = Avx512F.PermuteVar8x64x2(high01, pairs1, high23);
    }

    public static void Square(in MontgomeryLanes<M> a, out MontgomeryLanes<M> r) => Multiply(a, a, out r);

    /// <summary>a − b, adding m back in the lanes where the difference is negative.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Subtract(in MontgomeryLanes<M> a, in MontgomeryLanes<M> b, out MontgomeryLanes<M> r)
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
        // All ones in the lanes that borrowed out of the top limb.
        Vector512<ulong> negative = (s >> 63).AsUInt64();
        Vector512<ulong> c = d0 + (Vector512.Create(M.M0) & negative);
        Vector512<ulong> r0 = c & mask;
        c = d1 + (Vector512.Create(M.M1) & negative) + (c >>> LimbBits);
        Vector512<ulong> r1 = c & mask;
        c = d2 + (Vector512.Create(M.M2) & negative) + (c >>> LimbBits);
        Vector512<ulong> r2 = c & mask;
        c = d3 + (Vector512.Create(M.M3) & negative) + (c >>> LimbBits);
        Vector512<ulong> r3 = c & mask;
        c = d4 + (Vector512.Create(M.M4) & negative) + (c >>> LimbBits);
        r = new MontgomeryLanes<M>(r0, r1, r2, r3, c & mask);
    }

    /// <summary>a + b, subtracting m where the sum reaches it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Add(in MontgomeryLanes<M> a, in MontgomeryLanes<M> b, out MontgomeryLanes<M> r)
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
        r = ReduceOnce(new MontgomeryLanes<M>(s0, s1, s2, s3, c), mask);
    }

    /// <summary>All ones in the lanes that hold zero (values are fully reduced, so zero has one form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<ulong> IsZero() => Vector512.Equals(L0 | L1 | L2 | L3 | L4, Vector512<ulong>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MontgomeryLanes<M> Select(Vector512<ulong> mask, in MontgomeryLanes<M> a, in MontgomeryLanes<M> b) => new(
        Vector512.ConditionalSelect(mask, a.L0, b.L0), Vector512.ConditionalSelect(mask, a.L1, b.L1),
        Vector512.ConditionalSelect(mask, a.L2, b.L2), Vector512.ConditionalSelect(mask, a.L3, b.L3),
        Vector512.ConditionalSelect(mask, a.L4, b.L4));

    /// <summary>Subtracts m in the lanes holding a value in [m, 2m); normalised limbs in and out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MontgomeryLanes<M> ReduceOnce(in MontgomeryLanes<M> x, Vector512<ulong> mask)
    {
        Vector512<ulong> s = x.L0 - Vector512.Create(M.M0);
        Vector512<ulong> e0 = s & mask;
        s = x.L1 - Vector512.Create(M.M1) - (s >>> 63);
        Vector512<ulong> e1 = s & mask;
        s = x.L2 - Vector512.Create(M.M2) - (s >>> 63);
        Vector512<ulong> e2 = s & mask;
        s = x.L3 - Vector512.Create(M.M3) - (s >>> 63);
        Vector512<ulong> e3 = s & mask;
        s = x.L4 - Vector512.Create(M.M4) - (s >>> 63);
        Vector512<ulong> e4 = s & mask;
        // Keep x where x − m borrowed (x < m), otherwise take the difference.
        Vector512<ulong> keep = Vector512.ShiftRightArithmetic(s.AsInt64(), 63).AsUInt64();
        return Select(keep, x, new MontgomeryLanes<M>(e0, e1, e2, e3, e4));
    }
}
