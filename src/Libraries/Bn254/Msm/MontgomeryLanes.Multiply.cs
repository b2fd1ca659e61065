using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CredentialHub.Bn254.Msm;

internal readonly partial struct MontgomeryLanes<M>
{
    /// <summary>
    /// The Montgomery product a·b·2^−256 mod m of each lane, operand scanning with interleaved reduction
    /// (Koç, Acar and Kaliski, "Analyzing and comparing Montgomery multiplication algorithms", 1996, CIOS)
    /// in radix 2^29: round i adds a·b_i, then k·m with k = t_i·(−m⁻¹) mod 2^29 so that limb i becomes
    /// zero, and carries limb i into limb i + 1. The ninth round clears 24 bits only, so the rounds remove
    /// 8·29 + 24 = 256 bits and the result stays in the scalar types' Montgomery domain.
    /// For a, b &lt; m &lt; 2^254 the result is below 2m; one conditional subtraction reduces it.
    /// Fully unrolled so that the JIT keeps the accumulators in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(in MontgomeryLanes<M> a, in MontgomeryLanes<M> b, out MontgomeryLanes<M> r)
    {
        Vector512<ulong> mask = Vector512.Create(LimbMask);
        Vector512<uint> nInv = Vector512.Create(M.NegativeInverse).AsUInt32();
        Vector512<uint> m0 = Vector512.Create(M.M0).AsUInt32(), m1 = Vector512.Create(M.M1).AsUInt32(), m2 = Vector512.Create(M.M2).AsUInt32();
        Vector512<uint> m3 = Vector512.Create(M.M3).AsUInt32(), m4 = Vector512.Create(M.M4).AsUInt32(), m5 = Vector512.Create(M.M5).AsUInt32();
        Vector512<uint> m6 = Vector512.Create(M.M6).AsUInt32(), m7 = Vector512.Create(M.M7).AsUInt32(), m8 = Vector512.Create(M.M8).AsUInt32();
        Vector512<uint> a0 = a.L0.AsUInt32(), a1 = a.L1.AsUInt32(), a2 = a.L2.AsUInt32(), a3 = a.L3.AsUInt32(), a4 = a.L4.AsUInt32();
        Vector512<uint> a5 = a.L5.AsUInt32(), a6 = a.L6.AsUInt32(), a7 = a.L7.AsUInt32(), a8 = a.L8.AsUInt32();
        Vector512<uint> bi;
        Vector512<uint> k;
        // Round 0: t += a·b0·2^0, then clear limb 0 with k·m.
        bi = b.L0.AsUInt32();
        Vector512<ulong> t0 = Avx512F.Multiply(a0, bi);
        Vector512<ulong> t1 = Avx512F.Multiply(a1, bi);
        Vector512<ulong> t2 = Avx512F.Multiply(a2, bi);
        Vector512<ulong> t3 = Avx512F.Multiply(a3, bi);
        Vector512<ulong> t4 = Avx512F.Multiply(a4, bi);
        Vector512<ulong> t5 = Avx512F.Multiply(a5, bi);
        Vector512<ulong> t6 = Avx512F.Multiply(a6, bi);
        Vector512<ulong> t7 = Avx512F.Multiply(a7, bi);
        Vector512<ulong> t8 = Avx512F.Multiply(a8, bi);
        k = (Avx512F.Multiply(t0.AsUInt32(), nInv) & mask).AsUInt32();
        t0 += Avx512F.Multiply(k, m0);
        t1 += Avx512F.Multiply(k, m1);
        t2 += Avx512F.Multiply(k, m2);
        t3 += Avx512F.Multiply(k, m3);
        t4 += Avx512F.Multiply(k, m4);
        t5 += Avx512F.Multiply(k, m5);
        t6 += Avx512F.Multiply(k, m6);
        t7 += Avx512F.Multiply(k, m7);
        t8 += Avx512F.Multiply(k, m8);
        t1 += t0 >>> LimbBits;
        // Round 1: t += a·b1·2^29, then clear limb 1 with k·m.
        bi = b.L1.AsUInt32();
        t1 += Avx512F.Multiply(a0, bi);
        t2 += Avx512F.Multiply(a1, bi);
        t3 += Avx512F.Multiply(a2, bi);
        t4 += Avx512F.Multiply(a3, bi);
        t5 += Avx512F.Multiply(a4, bi);
        t6 += Avx512F.Multiply(a5, bi);
        t7 += Avx512F.Multiply(a6, bi);
        t8 += Avx512F.Multiply(a7, bi);
        Vector512<ulong> t9 = Avx512F.Multiply(a8, bi);
        k = (Avx512F.Multiply(t1.AsUInt32(), nInv) & mask).AsUInt32();
        t1 += Avx512F.Multiply(k, m0);
        t2 += Avx512F.Multiply(k, m1);
        t3 += Avx512F.Multiply(k, m2);
        t4 += Avx512F.Multiply(k, m3);
        t5 += Avx512F.Multiply(k, m4);
        t6 += Avx512F.Multiply(k, m5);
        t7 += Avx512F.Multiply(k, m6);
        t8 += Avx512F.Multiply(k, m7);
        t9 += Avx512F.Multiply(k, m8);
        t2 += t1 >>> LimbBits;
        // Round 2: t += a·b2·2^58, then clear limb 2 with k·m.
        bi = b.L2.AsUInt32();
        t2 += Avx512F.Multiply(a0, bi);
        t3 += Avx512F.Multiply(a1, bi);
        t4 += Avx512F.Multiply(a2, bi);
        t5 += Avx512F.Multiply(a3, bi);
        t6 += Avx512F.Multiply(a4, bi);
        t7 += Avx512F.Multiply(a5, bi);
        t8 += Avx512F.Multiply(a6, bi);
        t9 += Avx512F.Multiply(a7, bi);
        Vector512<ulong> t10 = Avx512F.Multiply(a8, bi);
        k = (Avx512F.Multiply(t2.AsUInt32(), nInv) & mask).AsUInt32();
        t2 += Avx512F.Multiply(k, m0);
        t3 += Avx512F.Multiply(k, m1);
        t4 += Avx512F.Multiply(k, m2);
        t5 += Avx512F.Multiply(k, m3);
        t6 += Avx512F.Multiply(k, m4);
        t7 += Avx512F.Multiply(k, m5);
        t8 += Avx512F.Multiply(k, m6);
        t9 += Avx512F.Multiply(k, m7);
        t10 += Avx512F.Multiply(k, m8);
        t3 += t2 >>> LimbBits;
        // Round 3: t += a·b3·2^87, then clear limb 3 with k·m.
        bi = b.L3.AsUInt32();
        t3 += Avx512F.Multiply(a0, bi);
        t4 += Avx512F.Multiply(a1, bi);
        t5 += Avx512F.Multiply(a2, bi);
        t6 += Avx512F.Multiply(a3, bi);
        t7 += Avx512F.Multiply(a4, bi);
        t8 += Avx512F.Multiply(a5, bi);
        t9 += Avx512F.Multiply(a6, bi);
        t10 += Avx512F.Multiply(a7, bi);
        Vector512<ulong> t11 = Avx512F.Multiply(a8, bi);
        k = (Avx512F.Multiply(t3.AsUInt32(), nInv) & mask).AsUInt32();
        t3 += Avx512F.Multiply(k, m0);
        t4 += Avx512F.Multiply(k, m1);
        t5 += Avx512F.Multiply(k, m2);
        t6 += Avx512F.Multiply(k, m3);
        t7 += Avx512F.Multiply(k, m4);
        t8 += Avx512F.Multiply(k, m5);
        t9 += Avx512F.Multiply(k, m6);
        t10 += Avx512F.Multiply(k, m7);
        t11 += Avx512F.Multiply(k, m8);
        t4 += t3 >>> LimbBits;
        // Round 4: t += a·b4·2^116, then clear limb 4 with k·m.
        bi = b.L4.AsUInt32();
        t4 += Avx512F.Multiply(a0, bi);
        t5 += Avx512F.Multiply(a1, bi);
        t6 += Avx512F.Multiply(a2, bi);
        t7 += Avx512F.Multiply(a3, bi);
        t8 += Avx512F.Multiply(a4, bi);
        t9 += Avx512F.Multiply(a5, bi);
        t10 += Avx512F.Multiply(a6, bi);
        t11 += Avx512F.Multiply(a7, bi);
        Vector512<ulong> t12 = Avx512F.Multiply(a8, bi);
        k = (Avx512F.Multiply(t4.AsUInt32(), nInv) & mask).AsUInt32();
        t4 += Avx512F.Multiply(k, m0);
        t5 += Avx512F.Multiply(k, m1);
        t6 += Avx512F.Multiply(k, m2);
        t7 += Avx512F.Multiply(k, m3);
        t8 += Avx512F.Multiply(k, m4);
        t9 += Avx512F.Multiply(k, m5);
        t10 += Avx512F.Multiply(k, m6);
        t11 += Avx512F.Multiply(k, m7);
        t12 += Avx512F.Multiply(k, m8);
        t5 += t4 >>> LimbBits;
        // Round 5: t += a·b5·2^145, then clear limb 5 with k·m.
        bi = b.L5.AsUInt32();
        t5 += Avx512F.Multiply(a0, bi);
        t6 += Avx512F.Multiply(a1, bi);
        t7 += Avx512F.Multiply(a2, bi);
        t8 += Avx512F.Multiply(a3, bi);
        t9 += Avx512F.Multiply(a4, bi);
        t10 += Avx512F.Multiply(a5, bi);
        t11 += Avx512F.Multiply(a6, bi);
        t12 += Avx512F.Multiply(a7, bi);
        Vector512<ulong> t13 = Avx512F.Multiply(a8, bi);
        k = (Avx512F.Multiply(t5.AsUInt32(), nInv) & mask).AsUInt32();
        t5 += Avx512F.Multiply(k, m0);
        t6 += Avx512F.Multiply(k, m1);
        t7 += Avx512F.Multiply(k, m2);
        t8 += Avx512F.Multiply(k, m3);
        t9 += Avx512F.Multiply(k, m4);
        t10 += Avx512F.Multiply(k, m5);
        t11 += Avx512F.Multiply(k, m6);
        t12 += Avx512F.Multiply(k, m7);
        t13 += Avx512F.Multiply(k, m8);
        t6 += t5 >>> LimbBits;
        // Round 6: t += a·b6·2^174, then clear limb 6 with k·m.
        bi = b.L6.AsUInt32();
        t6 += Avx512F.Multiply(a0, bi);
        t7 += Avx512F.Multiply(a1, bi);
        t8 += Avx512F.Multiply(a2, bi);
        t9 += Avx512F.Multiply(a3, bi);
        t10 += Avx512F.Multiply(a4, bi);
        t11 += Avx512F.Multiply(a5, bi);
        t12 += Avx512F.Multiply(a6, bi);
        t13 += Avx512F.Multiply(a7, bi);
        Vector512<ulong> t14 = Avx512F.Multiply(a8, bi);
        k = (Avx512F.Multiply(t6.AsUInt32(), nInv) & mask).AsUInt32();
        t6 += Avx512F.Multiply(k, m0);
        t7 += Avx512F.Multiply(k, m1);
        t8 += Avx512F.Multiply(k, m2);
        t9 += Avx512F.Multiply(k, m3);
        t10 += Avx512F.Multiply(k, m4);
        t11 += Avx512F.Multiply(k, m5);
        t12 += Avx512F.Multiply(k, m6);
        t13 += Avx512F.Multiply(k, m7);
        t14 += Avx512F.Multiply(k, m8);
        t7 += t6 >>> LimbBits;
        // Round 7: t += a·b7·2^203, then clear limb 7 with k·m.
        bi = b.L7.AsUInt32();
        t7 += Avx512F.Multiply(a0, bi);
        t8 += Avx512F.Multiply(a1, bi);
        t9 += Avx512F.Multiply(a2, bi);
        t10 += Avx512F.Multiply(a3, bi);
        t11 += Avx512F.Multiply(a4, bi);
        t12 += Avx512F.Multiply(a5, bi);
        t13 += Avx512F.Multiply(a6, bi);
        t14 += Avx512F.Multiply(a7, bi);
        Vector512<ulong> t15 = Avx512F.Multiply(a8, bi);
        k = (Avx512F.Multiply(t7.AsUInt32(), nInv) & mask).AsUInt32();
        t7 += Avx512F.Multiply(k, m0);
        t8 += Avx512F.Multiply(k, m1);
        t9 += Avx512F.Multiply(k, m2);
        t10 += Avx512F.Multiply(k, m3);
        t11 += Avx512F.Multiply(k, m4);
        t12 += Avx512F.Multiply(k, m5);
        t13 += Avx512F.Multiply(k, m6);
        t14 += Avx512F.Multiply(k, m7);
        t15 += Avx512F.Multiply(k, m8);
        t8 += t7 >>> LimbBits;
        // Round 8: t += a·b8·2^232, then clear limb 8 with k·m (the last 24 bits of the 256).
        bi = b.L8.AsUInt32();
        t8 += Avx512F.Multiply(a0, bi);
        t9 += Avx512F.Multiply(a1, bi);
        t10 += Avx512F.Multiply(a2, bi);
        t11 += Avx512F.Multiply(a3, bi);
        t12 += Avx512F.Multiply(a4, bi);
        t13 += Avx512F.Multiply(a5, bi);
        t14 += Avx512F.Multiply(a6, bi);
        t15 += Avx512F.Multiply(a7, bi);
        Vector512<ulong> t16 = Avx512F.Multiply(a8, bi);
        k = (Avx512F.Multiply(t8.AsUInt32(), nInv) & Vector512.Create(LastRoundMask)).AsUInt32();
        t8 += Avx512F.Multiply(k, m0);
        t9 += Avx512F.Multiply(k, m1);
        t10 += Avx512F.Multiply(k, m2);
        t11 += Avx512F.Multiply(k, m3);
        t12 += Avx512F.Multiply(k, m4);
        t13 += Avx512F.Multiply(k, m5);
        t14 += Avx512F.Multiply(k, m6);
        t15 += Avx512F.Multiply(k, m7);
        t16 += Avx512F.Multiply(k, m8);
        // t8..t16 hold the result times 2^24: normalise them, then shift down by 24 bits.
        t9 += t8 >>> LimbBits;
        t8 &= mask;
        t10 += t9 >>> LimbBits;
        t9 &= mask;
        t11 += t10 >>> LimbBits;
        t10 &= mask;
        t12 += t11 >>> LimbBits;
        t11 &= mask;
        t13 += t12 >>> LimbBits;
        t12 &= mask;
        t14 += t13 >>> LimbBits;
        t13 &= mask;
        t15 += t14 >>> LimbBits;
        t14 &= mask;
        t16 += t15 >>> LimbBits;
        t15 &= mask;
        Vector512<ulong> t17 = t16 >>> LimbBits;
        t16 &= mask;
        r = ReduceOnce(new MontgomeryLanes<M>(
            (t8 >>> 24) | ((t9 << 5) & mask),
            (t9 >>> 24) | ((t10 << 5) & mask),
            (t10 >>> 24) | ((t11 << 5) & mask),
            (t11 >>> 24) | ((t12 << 5) & mask),
            (t12 >>> 24) | ((t13 << 5) & mask),
            (t13 >>> 24) | ((t14 << 5) & mask),
            (t14 >>> 24) | ((t15 << 5) & mask),
            (t15 >>> 24) | ((t16 << 5) & mask),
            (t16 >>> 24) | ((t17 << 5) & mask)),
            mask);
    }
}
