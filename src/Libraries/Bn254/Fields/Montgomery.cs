using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// 4×64-bit Montgomery arithmetic modulo m &lt; 2^254, shared by <see cref="Fp"/> and <see cref="Fr"/>.
/// Values are kept fully reduced in [0, m). Multiplication is CIOS with the "no-carry" shortcut,
/// valid because the top limb of m is below 2^63 − 1 (Acar's thesis; gnark-crypto's field generator).
/// .NET has no add-with-carry intrinsic, so carries use the branch-free identities of Go's math/bits.
/// The high half of each 64×64 product comes from MULX (<see cref="Bmi2.X64.MultiplyNoFlags(ulong, ulong)"/>)
/// and the low half from a plain multiply: the JIT keeps both in registers, whereas
/// <c>Math.BigMul(a, b, out low)</c> sends the low half through the stack on every product (2× slower here).
/// <see cref="PortableProduct"/> is the twin for machines without BMI2; tests run both.
/// Not constant time: a verifier and a prover handle no secret that timing could reveal here except
/// the prover's randomness, whose use is data-independent.
/// </summary>
internal static class Montgomery<P> where P : struct, IMontgomeryParameters
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong a, ulong b, ulong carryIn, out ulong carryOut)
    {
        ulong sum = a + b + carryIn;
        carryOut = ((a & b) | ((a | b) & ~sum)) >> 63;
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubBorrow(ulong a, ulong b, ulong borrowIn, out ulong borrowOut)
    {
        ulong diff = a - b - borrowIn;
        borrowOut = ((~a & b) | (~(a ^ b) & diff)) >> 63;
        return diff;
    }

    /// <summary>hi:lo = a·b + c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd<W>(ulong a, ulong b, ulong c, out ulong lo) where W : struct, IWideProduct
    {
        ulong hi = W.MulHigh(a, b);
        lo = a * b + c;
        return hi + (lo < c ? 1UL : 0UL);
    }

    /// <summary>hi:lo = a·b + c + d (cannot overflow 128 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MulAdd<W>(ulong a, ulong b, ulong c, ulong d, out ulong lo) where W : struct, IWideProduct
    {
        ulong hi = W.MulHigh(a, b);
        lo = a * b + c;
        hi += lo < c ? 1UL : 0UL;
        lo += d;
        return hi + (lo < d ? 1UL : 0UL);
    }

    /// <summary>Subtracts m once when t ≥ m (t &lt; 2m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ReduceOnce(ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3)
    {
        ulong d0 = SubBorrow(t0, P.M0, 0, out ulong b);
        ulong d1 = SubBorrow(t1, P.M1, b, out b);
        ulong d2 = SubBorrow(t2, P.M2, b, out b);
        ulong d3 = SubBorrow(t3, P.M3, b, out b);
        // Branch-free select: the outcome is data-dependent and would mispredict half the time.
        ulong keep = 0UL - b;
        t0 = (t0 & keep) | (d0 & ~keep);
        t1 = (t1 & keep) | (d1 & ~keep);
        t2 = (t2 & keep) | (d2 & ~keep);
        t3 = (t3 & keep) | (d3 & ~keep);
    }

    /// <summary>One CIOS round: t ← (t + a·bi + k·m) / 2^64 with k chosen so the division is exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round<W>(ulong a0, ulong a1, ulong a2, ulong a3, ulong bi,
        ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3) where W : struct, IWideProduct
    {
        ulong carryA = MulAdd<W>(a0, bi, t0, out t0);
        ulong k = t0 * P.Inv;
        ulong carryM = MulAdd<W>(k, P.M0, t0, out _);
        carryA = MulAdd<W>(a1, bi, t1, carryA, out t1);
        carryM = MulAdd<W>(k, P.M1, t1, carryM, out t0);
        carryA = MulAdd<W>(a2, bi, t2, carryA, out t2);
        carryM = MulAdd<W>(k, P.M2, t2, carryM, out t1);
        carryA = MulAdd<W>(a3, bi, t3, carryA, out t3);
        carryM = MulAdd<W>(k, P.M3, t3, carryM, out t2);
        t3 = carryM + carryA;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Mul(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        if (Bmi2.X64.IsSupported)
        {
            Mul<MulxProduct>(a0, a1, a2, a3, b0, b1, b2, b3, out r0, out r1, out r2, out r3);
        }
        else
        {
            Mul<PortableProduct>(a0, a1, a2, a3, b0, b1, b2, b3, out r0, out r1, out r2, out r3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Mul<W>(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3) where W : struct, IWideProduct
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        Round<W>(a0, a1, a2, a3, b0, ref t0, ref t1, ref t2, ref t3);
        Round<W>(a0, a1, a2, a3, b1, ref t0, ref t1, ref t2, ref t3);
        Round<W>(a0, a1, a2, a3, b2, ref t0, ref t1, ref t2, ref t3);
        Round<W>(a0, a1, a2, a3, b3, ref t0, ref t1, ref t2, ref t3);
        ReduceOnce(ref t0, ref t1, ref t2, ref t3);
        r0 = t0; r1 = t1; r2 = t2; r3 = t3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Add(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        r0 = AddCarry(a0, b0, 0, out ulong c);
        r1 = AddCarry(a1, b1, c, out c);
        r2 = AddCarry(a2, b2, c, out c);
        r3 = AddCarry(a3, b3, c, out _);
        ReduceOnce(ref r0, ref r1, ref r2, ref r3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Sub(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        r0 = SubBorrow(a0, b0, 0, out ulong b);
        r1 = SubBorrow(a1, b1, b, out b);
        r2 = SubBorrow(a2, b2, b, out b);
        r3 = SubBorrow(a3, b3, b, out b);
        ulong mask = 0UL - b;
        r0 = AddCarry(r0, P.M0 & mask, 0, out ulong c);
        r1 = AddCarry(r1, P.M1 & mask, c, out c);
        r2 = AddCarry(r2, P.M2 & mask, c, out c);
        r3 = AddCarry(r3, P.M3 & mask, c, out _);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Neg(ulong a0, ulong a1, ulong a2, ulong a3,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        if ((a0 | a1 | a2 | a3) == 0)
        {
            r0 = r1 = r2 = r3 = 0;
            return;
        }
        r0 = SubBorrow(P.M0, a0, 0, out ulong b);
        r1 = SubBorrow(P.M1, a1, b, out b);
        r2 = SubBorrow(P.M2, a2, b, out b);
        r3 = SubBorrow(P.M3, a3, b, out _);
    }

    /// <summary>True when the plain integer a is below the modulus.</summary>
    internal static bool IsCanonical(ulong a0, ulong a1, ulong a2, ulong a3)
    {
        SubBorrow(a0, P.M0, 0, out ulong b);
        SubBorrow(a1, P.M1, b, out b);
        SubBorrow(a2, P.M2, b, out b);
        SubBorrow(a3, P.M3, b, out b);
        return b != 0;
    }
}
