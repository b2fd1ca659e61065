using System.Numerics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Curves;

/// <summary>
/// The optimal-ate pairing e: G1 × G2 → GT ⊂ Fp12* of BN254 (z = 4965661367192848881, loop 6z + 2
/// in non-adjacent form: 22 additions instead of the 37 of its plain bits; z &gt; 0 so no final
/// conjugation), as in Vercauteren, "Optimal pairings" (2010),
/// with the Miller loop in homogeneous projective coordinates on the twist and lines from Aranha et al.,
/// "Faster explicit formulas for computing pairings over ordinary curves" (2011). Each line is the
/// sparse a·yP + b·xP·w + c·w³ (a, b, c ∈ Fp2), up to an Fp2 factor that the final exponentiation removes.
/// The final exponentiation raises to 2z(6z² + 3z + 1)·(q¹² − 1)/r, the multiple computed by the chain of
/// Fuentes-Castañeda, Knapp and Rodríguez-Henríquez ("Faster hashing to G2", 2011) that snarkjs
/// (wasmcurves) also uses, so values equal snarkjs's vk_alphabeta_12 exactly. Not constant time.
/// </summary>
public static class Pairing
{
    /// <summary>The BN parameter z (x₀) of BN254.</summary>
    public static readonly BigInteger Z = 4965661367192848881;

    /// <summary>The NAF digits of z below the top one, most significant first.</summary>
    internal static readonly sbyte[] ZDigits = NafBelowTop(Z);

    /// <summary>
    /// The width-4 NAF digits of z, most significant first, the top one included: 14 odd digits in ±{1, 3, 5, 7}
    /// (at least three zeros after each) against the NAF's 24 in ±1, so <see cref="ExpByZ"/> makes 13 products and
    /// 3 for its table instead of 23.
    /// </summary>
    internal static readonly sbyte[] ZWindowDigits = WindowNaf(Z, 4);

    /// <summary>The NAF digits of 6z + 2 below the top one, most significant first.</summary>
    internal static readonly sbyte[] LoopDigits = NafBelowTop(6 * Z + 2);

    /// <summary>1/2, for the halvings of the doubling step.</summary>
    internal static readonly Fp Half = Fp.FromUInt64(2).Inverse();

    /// <summary>
    /// The non-adjacent form of k &gt; 0 (digits in {−1, 0, 1}, no two adjacent non-zero), most significant
    /// digit first, without the leading 1. The Miller loop and G2's multiplication by z walk these digits;
    /// a −1 costs the same as a +1 (−Q on the curve, a conjugate in the cyclotomic subgroup).
    /// </summary>
    internal static sbyte[] NafBelowTop(BigInteger k) => WindowNaf(k, 2)[1..];

    /// <summary>
    /// The width-w non-adjacent form of k &gt; 0, most significant digit first, the top one included: each non-zero digit
    /// odd and below 2^(w−1) in absolute value, followed (towards the least significant end) by at least w − 1 zeros;
    /// Σ dᵢ·2^i = k. Width 2 is the NAF.
    /// </summary>
    internal static sbyte[] WindowNaf(BigInteger k, int width)
    {
        var digits = new List<sbyte>();
        int modulus = 1 << width;
        while (k > 0)
        {
            sbyte d = 0;
            if (!k.IsEven)
            {
                int m = (int)(k % modulus);
                d = (sbyte)(m >= modulus / 2 ? m - modulus : m);
                k -= d;
            }
            digits.Add(d);
            k >>= 1;
        }
        digits.Reverse();
        return [.. digits];
    }

    /// <summary>e(P, Q).</summary>
    public static Fp12 Pair(G1Affine p, G2Affine q) => FinalExponentiation(MillerLoop([p], [G2Prepared.Prepare(q)]));

    /// <summary>Π e(Pᵢ, Qᵢ) with one shared final exponentiation.</summary>
    public static Fp12 MultiPair(ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Affine> qs)
    {
        if (ps.Length != qs.Length)
        {
            throw new ArgumentException("as many G1 as G2 points are needed");
        }
        var prepared = new G2Prepared[qs.Length];
        for (int i = 0; i < qs.Length; i++)
        {
            prepared[i] = G2Prepared.Prepare(qs[i]);
        }
        return FinalExponentiation(MillerLoop(ps, prepared));
    }

    /// <summary>
    /// The product of the Miller-loop values f_{6z+2,Q}(P)·l_{T,ψ(Q)}(P)·l_{T,−ψ²(Q)}(P) over all pairs, sharing
    /// the squarings. Pairs where P or Q is the identity contribute 1.
    /// </summary>
    public static Fp12 MillerLoop(ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Prepared> qs)
    {
        if (ps.Length != qs.Length)
        {
            throw new ArgumentException("as many G1 points as prepared G2 points are needed");
        }
        Fp12 f = Fp12.One;
        int line = 0;
        for (int i = 0; i < LoopDigits.Length; i++)
        {
            if (i > 0)
            {
                f = f.Square();
            }
            f = ApplyLines(f, ps, qs, line++);
            if (LoopDigits[i] != 0)
            {
                f = ApplyLines(f, ps, qs, line++);
            }
        }
        f = ApplyLines(f, ps, qs, line++);
        return ApplyLines(f, ps, qs, line);
    }

    private static Fp12 ApplyLines(Fp12 f, ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Prepared> qs, int index)
    {
        for (int i = 0; i < ps.Length; i++)
        {
            if (ps[i].IsIdentity || qs[i].IsIdentity)
            {
                continue;
            }
            ref readonly var l = ref qs[i].Lines[index];
            f = f.MulByLine(l.A.MulByFp(ps[i].Y), l.B.MulByFp(ps[i].X), l.C);
        }
        return f;
    }

    /// <summary>f^(2z(6z² + 3z + 1)(q¹² − 1)/r).</summary>
    public static Fp12 FinalExponentiation(Fp12 f)
    {
        // Easy part: f^((q⁶ − 1)(q² + 1)); afterwards f is in the cyclotomic subgroup, where the
        // inverse is the conjugate.
        Fp12 t = f.Conjugate() * f.Inverse();
        t = t.Frobenius(2) * t;

        // Hard part: 2z(6z² + 3z + 1)(q⁴ − q² + 1)/r = λ0 + λ1·q + λ2·q² + λ3·q³ with
        // λ0 = 12z³ + 12z² + 6z + 1, λ1 = 12z³ + 6z² + 4z, λ2 = 12z³ + 6z² + 6z, λ3 = λ1 − 1.
        Fp12 fz = ExpByZ(t);
        Fp12 f2z = fz.CyclotomicSquare();
        Fp12 f4z = f2z.CyclotomicSquare();
        Fp12 f6z = f2z * f4z;
        Fp12 f6z2 = ExpByZ(f6z);
        Fp12 f12z2 = f6z2.CyclotomicSquare();
        Fp12 f12z3 = ExpByZ(f12z2);
        Fp12 common = f12z3 * f6z2;
        Fp12 l2 = common * f6z;
        Fp12 l1 = common * f4z;
        Fp12 l3 = l1 * t.Conjugate();
        Fp12 l0 = l2 * f6z2 * t;
        return l0 * l1.Frobenius(1) * l2.Frobenius(2) * l3.Frobenius(3);
    }

    /// <summary>
    /// x^z for x in the cyclotomic subgroup, where x⁻¹ is the conjugate: z's width-4 NAF (<see cref="ZWindowDigits"/>) over
    /// the table x, x³, x⁵, x⁷.
    /// </summary>
    internal static Fp12 ExpByZ(Fp12 x)
    {
        Fp12 x2 = x.CyclotomicSquare();
        Fp12 x3 = x * x2;
        Fp12 x5 = x3 * x2;
        Fp12 x7 = x5 * x2;
        Fp12 Power(sbyte digit)
        {
            Fp12 p = Math.Abs(digit) switch { 1 => x, 3 => x3, 5 => x5, _ => x7 };
            return digit < 0 ? p.Conjugate() : p;
        }
        ReadOnlySpan<sbyte> digits = ZWindowDigits;
        Fp12 result = Power(digits[0]);
        foreach (sbyte digit in digits[1..])
        {
            result = result.CyclotomicSquare();
            if (digit != 0)
            {
                result *= Power(digit);
            }
        }
        return result;
    }

    /// <summary>True when Π e(Pᵢ, Qᵢ) = 1.</summary>
    public static bool Check(ReadOnlySpan<G1Affine> ps, ReadOnlySpan<G2Prepared> qs) =>
        FinalExponentiation(MillerLoop(ps, qs)).IsOne;

}
