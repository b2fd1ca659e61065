using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using CredentialHub.Bn254.Fields;
using M = CredentialHub.Bn254.Fields.Montgomery<CredentialHub.Bn254.Fields.FrParameters>;
using P = CredentialHub.Bn254.Fields.FrParameters;

namespace CredentialHub.Bn254.Hashing;

/// <summary>
/// Σ aᵢ·bᵢ over Fr in Montgomery form with a single Montgomery reduction ("lazy reduction"): the
/// 512-bit products are summed first, which halves the 64-bit multiplications of a row of Poseidon's
/// MDS product compared with one full Montgomery product per term. The sum T of n products is below
/// n·r²; REDC needs T &lt; r·2^256, so the high half of T is first reduced modulo r (this changes T by a
/// multiple of r·2^256, i.e. by 0 mod r), after which REDC(T) = T·2^−256 mod r is below 2r and one
/// conditional subtraction finishes. The twin is the plain sum of <c>Fr</c> products (tests compare them).
/// Not constant time (the reduction of the high half loops a data-dependent number of times).
/// </summary>
internal static class FrDotProduct
{
    internal static Fr Compute(ReadOnlySpan<Fr> a, ReadOnlySpan<Fr> b) =>
        Bmi2.X64.IsSupported ? Compute<MulxProduct>(a, b) : Compute<PortableProduct>(a, b);

    internal static Fr Compute<W>(ReadOnlySpan<Fr> a, ReadOnlySpan<Fr> b) where W : struct, IWideProduct
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"the vectors have {a.Length} and {b.Length} entries", nameof(b));
        }
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0, t8 = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ref readonly Fr x = ref a[i];
            ref readonly Fr y = ref b[i];
            Product<W>(x, y, out ulong p0, out ulong p1, out ulong p2, out ulong p3, out ulong p4, out ulong p5, out ulong p6, out ulong p7);
            t0 = M.AddCarry(t0, p0, 0, out ulong c);
            t1 = M.AddCarry(t1, p1, c, out c);
            t2 = M.AddCarry(t2, p2, c, out c);
            t3 = M.AddCarry(t3, p3, c, out c);
            t4 = M.AddCarry(t4, p4, c, out c);
            t5 = M.AddCarry(t5, p5, c, out c);
            t6 = M.AddCarry(t6, p6, c, out c);
            t7 = M.AddCarry(t7, p7, c, out c);
            t8 += c;
        }

        while (t8 != 0 || !M.IsCanonical(t4, t5, t6, t7))
        {
            t4 = M.SubBorrow(t4, P.M0, 0, out ulong borrow);
            t5 = M.SubBorrow(t5, P.M1, borrow, out borrow);
            t6 = M.SubBorrow(t6, P.M2, borrow, out borrow);
            t7 = M.SubBorrow(t7, P.M3, borrow, out borrow);
            t8 -= borrow;
        }

        // REDC: four rounds each clear the lowest limb; a round's carry out of the top is added one limb higher by the next.
        ulong top = 0;
        ReduceRound<W>(ref t0, ref t1, ref t2, ref t3, ref t4, ref top);
        ReduceRound<W>(ref t1, ref t2, ref t3, ref t4, ref t5, ref top);
        ReduceRound<W>(ref t2, ref t3, ref t4, ref t5, ref t6, ref top);
        ReduceRound<W>(ref t3, ref t4, ref t5, ref t6, ref t7, ref top);
        M.ReduceOnce(ref t4, ref t5, ref t6, ref t7);
        return new Fr(t4, t5, t6, t7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReduceRound<W>(ref ulong low, ref ulong u1, ref ulong u2, ref ulong u3, ref ulong u4, ref ulong top)
        where W : struct, IWideProduct
    {
        ulong k = low * P.Inv;
        ulong carry = MulAdd<W>(k, P.M0, low, 0, out _);
        carry = MulAdd<W>(k, P.M1, u1, carry, out u1);
        carry = MulAdd<W>(k, P.M2, u2, carry, out u2);
        carry = MulAdd<W>(k, P.M3, u3, carry, out u3);
        u4 = M.AddCarry(u4, carry, top, out top);
        low = 0;
    }

    /// <summary>The 512-bit schoolbook product of the Montgomery limbs, row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Product<W>(in Fr x, in Fr y,
        out ulong p0, out ulong p1, out ulong p2, out ulong p3, out ulong p4, out ulong p5, out ulong p6, out ulong p7)
        where W : struct, IWideProduct
    {
        ulong c;
        c = MulAdd<W>(x.L0, y.L0, 0, 0, out p0);
        c = MulAdd<W>(x.L1, y.L0, 0, c, out p1);
        c = MulAdd<W>(x.L2, y.L0, 0, c, out p2);
        p4 = MulAdd<W>(x.L3, y.L0, 0, c, out p3);

        c = MulAdd<W>(x.L0, y.L1, p1, 0, out p1);
        c = MulAdd<W>(x.L1, y.L1, p2, c, out p2);
        c = MulAdd<W>(x.L2, y.L1, p3, c, out p3);
        p5 = MulAdd<W>(x.L3, y.L1, p4, c, out p4);

        c = MulAdd<W>(x.L0, y.L2, p2, 0, out p2);
        c = MulAdd<W>(x.L1, y.L2, p3, c, out p3);
        c = MulAdd<W>(x.L2, y.L2, p4, c, out p4);
        p6 = MulAdd<W>(x.L3, y.L2, p5, c, out p5);

        c = MulAdd<W>(x.L0, y.L3, p3, 0, out p3);
        c = MulAdd<W>(x.L1, y.L3, p4, c, out p4);
        c = MulAdd<W>(x.L2, y.L3, p5, c, out p5);
        p7 = MulAdd<W>(x.L3, y.L3, p6, c, out p6);
    }

    /// <summary>hi:lo = a·b + c + d, which cannot overflow 128 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd<W>(ulong a, ulong b, ulong c, ulong d, out ulong lo) where W : struct, IWideProduct
    {
        ulong hi = W.MulHigh(a, b);
        lo = a * b + c;
        hi += lo < c ? 1UL : 0UL;
        lo += d;
        return hi + (lo < d ? 1UL : 0UL);
    }
}
