using System.Runtime.CompilerServices;
using M = CredentialHub.Bn254.Fields.Montgomery<CredentialHub.Bn254.Fields.FpParameters>;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// The Fp2 product with lazy reduction: the three Karatsuba products are kept at full width (512 bits), combined there,
/// and only the two results are reduced (Montgomery's REDC), so a product costs three multiplications and two reductions
/// instead of three of each. Bounds: with a, b reduced below q (q &lt; 2^254), a0b1 + a1b0 &lt; 2q² and
/// a0b0 − a1b1 + q·2^256 (added when negative) lie below q·2^256, the bound under which REDC returns a value below 2q,
/// and one conditional subtraction finishes. The sums a0 + a1 and b0 + b1 stay below 2q &lt; 2^255, unreduced.
/// </summary>
internal static class Fp2Product
{
    /// <summary>hi:lo = a·b + c + d, <see cref="Montgomery{P}"/>'s multiply-accumulate (MULX where the CPU has it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd(ulong a, ulong b, ulong c, ulong d, out ulong lo) =>
        System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported ? M.MulAdd<MulxProduct>(a, b, c, d, out lo) : M.MulAdd<PortableProduct>(a, b, c, d, out lo);

    /// <summary>The 512-bit product of two 256-bit integers, schoolbook.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulWide(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3,
        out ulong t0, out ulong t1, out ulong t2, out ulong t3, out ulong t4, out ulong t5, out ulong t6, out ulong t7)
    {
        ulong c;
        c = MulAdd(a0, b0, 0, 0, out t0);
        c = MulAdd(a1, b0, c, 0, out t1);
        c = MulAdd(a2, b0, c, 0, out t2);
        t4 = MulAdd(a3, b0, c, 0, out t3);

        c = MulAdd(a0, b1, t1, 0, out t1);
        c = MulAdd(a1, b1, t2, c, out t2);
        c = MulAdd(a2, b1, t3, c, out t3);
        t5 = MulAdd(a3, b1, t4, c, out t4);

        c = MulAdd(a0, b2, t2, 0, out t2);
        c = MulAdd(a1, b2, t3, c, out t3);
        c = MulAdd(a2, b2, t4, c, out t4);
        t6 = MulAdd(a3, b2, t5, c, out t5);

        c = MulAdd(a0, b3, t3, 0, out t3);
        c = MulAdd(a1, b3, t4, c, out t4);
        c = MulAdd(a2, b3, t5, c, out t5);
        t7 = MulAdd(a3, b3, t6, c, out t6);
    }

    /// <summary>T·2^−256 mod q for T &lt; q·2^256, fully reduced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Redc(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        ulong k, c, carry;
        // Round i clears limb i: t += k·q·2^(64i); the carry out of limb i + 3 ripples into the limbs above.
        k = t0 * FpParameters.Inv;
        c = MulAdd(k, FpParameters.M0, t0, 0, out _);
        c = MulAdd(k, FpParameters.M1, t1, c, out t1);
        c = MulAdd(k, FpParameters.M2, t2, c, out t2);
        c = MulAdd(k, FpParameters.M3, t3, c, out t3);
        t4 = M.AddCarry(t4, c, 0, out carry);
        t5 = M.AddCarry(t5, 0, carry, out carry);
        t6 = M.AddCarry(t6, 0, carry, out carry);
        t7 += carry;

        k = t1 * FpParameters.Inv;
        c = MulAdd(k, FpParameters.M0, t1, 0, out _);
        c = MulAdd(k, FpParameters.M1, t2, c, out t2);
        c = MulAdd(k, FpParameters.M2, t3, c, out t3);
        c = MulAdd(k, FpParameters.M3, t4, c, out t4);
        t5 = M.AddCarry(t5, c, 0, out carry);
        t6 = M.AddCarry(t6, 0, carry, out carry);
        t7 += carry;

        k = t2 * FpParameters.Inv;
        c = MulAdd(k, FpParameters.M0, t2, 0, out _);
        c = MulAdd(k, FpParameters.M1, t3, c, out t3);
        c = MulAdd(k, FpParameters.M2, t4, c, out t4);
        c = MulAdd(k, FpParameters.M3, t5, c, out t5);
        t6 = M.AddCarry(t6, c, 0, out carry);
        t7 += carry;

        k = t3 * FpParameters.Inv;
        c = MulAdd(k, FpParameters.M0, t3, 0, out _);
        c = MulAdd(k, FpParameters.M1, t4, c, out t4);
        c = MulAdd(k, FpParameters.M2, t5, c, out t5);
        c = MulAdd(k, FpParameters.M3, t6, c, out t6);
        t7 += c;

        M.ReduceOnce(ref t4, ref t5, ref t6, ref t7);
        r0 = t4; r1 = t5; r2 = t6; r3 = t7;
    }

    /// <summary>(a0 + a1u)(b0 + b1u) = (a0b0 − a1b1) + (a0b1 + a1b0)u.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Multiply(in Fp2 a, in Fp2 b, out Fp2 r)
    {
        MulWide(a.C0.L0, a.C0.L1, a.C0.L2, a.C0.L3, b.C0.L0, b.C0.L1, b.C0.L2, b.C0.L3,
            out ulong u0, out ulong u1, out ulong u2, out ulong u3, out ulong u4, out ulong u5, out ulong u6, out ulong u7);
        MulWide(a.C1.L0, a.C1.L1, a.C1.L2, a.C1.L3, b.C1.L0, b.C1.L1, b.C1.L2, b.C1.L3,
            out ulong v0, out ulong v1, out ulong v2, out ulong v3, out ulong v4, out ulong v5, out ulong v6, out ulong v7);
        // The sums, unreduced (below 2q < 2^255: no carry out of the top limb).
        ulong s0 = M.AddCarry(a.C0.L0, a.C1.L0, 0, out ulong cs);
        ulong s1 = M.AddCarry(a.C0.L1, a.C1.L1, cs, out cs);
        ulong s2 = M.AddCarry(a.C0.L2, a.C1.L2, cs, out cs);
        ulong s3 = a.C0.L3 + a.C1.L3 + cs;
        ulong z0 = M.AddCarry(b.C0.L0, b.C1.L0, 0, out cs);
        ulong z1 = M.AddCarry(b.C0.L1, b.C1.L1, cs, out cs);
        ulong z2 = M.AddCarry(b.C0.L2, b.C1.L2, cs, out cs);
        ulong z3 = b.C0.L3 + b.C1.L3 + cs;
        MulWide(s0, s1, s2, s3, z0, z1, z2, z3,
            out ulong w0, out ulong w1, out ulong w2, out ulong w3, out ulong w4, out ulong w5, out ulong w6, out ulong w7);

        // c1 = w − u − v = a0b1 + a1b0 (non-negative, below 2q²).
        ulong bo;
        w0 = M.SubBorrow(w0, u0, 0, out bo); w1 = M.SubBorrow(w1, u1, bo, out bo); w2 = M.SubBorrow(w2, u2, bo, out bo); w3 = M.SubBorrow(w3, u3, bo, out bo);
        w4 = M.SubBorrow(w4, u4, bo, out bo); w5 = M.SubBorrow(w5, u5, bo, out bo); w6 = M.SubBorrow(w6, u6, bo, out bo); w7 = M.SubBorrow(w7, u7, bo, out _);
        w0 = M.SubBorrow(w0, v0, 0, out bo); w1 = M.SubBorrow(w1, v1, bo, out bo); w2 = M.SubBorrow(w2, v2, bo, out bo); w3 = M.SubBorrow(w3, v3, bo, out bo);
        w4 = M.SubBorrow(w4, v4, bo, out bo); w5 = M.SubBorrow(w5, v5, bo, out bo); w6 = M.SubBorrow(w6, v6, bo, out bo); w7 = M.SubBorrow(w7, v7, bo, out _);

        // c0 = u − v, plus q·2^256 when negative.
        u0 = M.SubBorrow(u0, v0, 0, out bo); u1 = M.SubBorrow(u1, v1, bo, out bo); u2 = M.SubBorrow(u2, v2, bo, out bo); u3 = M.SubBorrow(u3, v3, bo, out bo);
        u4 = M.SubBorrow(u4, v4, bo, out bo); u5 = M.SubBorrow(u5, v5, bo, out bo); u6 = M.SubBorrow(u6, v6, bo, out bo); u7 = M.SubBorrow(u7, v7, bo, out bo);
        ulong mask = 0UL - bo;
        u4 = M.AddCarry(u4, FpParameters.M0 & mask, 0, out ulong ca);
        u5 = M.AddCarry(u5, FpParameters.M1 & mask, ca, out ca);
        u6 = M.AddCarry(u6, FpParameters.M2 & mask, ca, out ca);
        u7 = u7 + (FpParameters.M3 & mask) + ca;

        Redc(u0, u1, u2, u3, u4, u5, u6, u7, out ulong r00, out ulong r01, out ulong r02, out ulong r03);
        Redc(w0, w1, w2, w3, w4, w5, w6, w7, out ulong r10, out ulong r11, out ulong r12, out ulong r13);
        r = new Fp2(new Fp(r00, r01, r02, r03), new Fp(r10, r11, r12, r13));
    }
}
