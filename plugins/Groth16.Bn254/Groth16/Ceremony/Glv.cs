using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Ceremony;

/// <summary>
/// BN254's GLV endomorphism on G1 (Gallant–Lambert–Vanstone; Guide to Elliptic Curve Cryptography, algorithm 3.74):
/// φ(x, y) = (βx, y) with β a cube root of unity in Fp acts on G1 as multiplication by λ, a cube root of unity mod r.
/// β, λ and the short basis of the lattice {(a, b) : a + bλ ≡ 0 (mod r)} are derived here, once, from the moduli
/// (the pairing of β with λ checked on the generator), so that no constant is copied from elsewhere.
/// </summary>
internal static class Glv
{
    internal static readonly Fp Beta;
    internal static readonly BigInteger Lambda;
    private static readonly BigInteger A1, B1, A2, B2;

    static Glv()
    {
        BigInteger r = Fr.Modulus, q = Fp.Modulus;
        Lambda = CubeRootOfUnity(r);
        BigInteger beta = CubeRootOfUnity(q);
        var g = G1Affine.Generator;
        var image = new G1Affine(Fp.FromBigInteger(beta) * g.X, g.Y);
        if (image != g.Multiply(Lambda).ToAffine())
        {
            beta = beta * beta % q;
        }
        Beta = Fp.FromBigInteger(beta);
        if (new G1Affine(Beta * g.X, g.Y) != g.Multiply(Lambda).ToAffine())
        {
            throw new InvalidOperationException("no cube root of unity in Fp acts as lambda on G1");
        }

        // Extended Euclid on (r, λ): remainders r_i = s_i·r + t_i·λ, stopped at the first remainder below √r.
        BigInteger sqrtR = Sqrt(r);
        BigInteger r0 = r, r1 = Lambda, t0 = 0, t1 = 1;
        while (r1 >= sqrtR)
        {
            BigInteger quotient = r0 / r1;
            (r0, r1) = (r1, r0 - quotient * r1);
            (t0, t1) = (t1, t0 - quotient * t1);
        }
        // Now r1 is the first remainder below √r (index l+1) and r0 the one before (index l).
        BigInteger quotient2 = r0 / r1;
        BigInteger r2 = r0 - quotient2 * r1, t2 = t0 - quotient2 * t1;
        A1 = r1;
        B1 = -t1;
        if (r0 * r0 + t0 * t0 <= r2 * r2 + t2 * t2)
        {
            A2 = r0;
            B2 = -t0;
        }
        else
        {
            A2 = r2;
            B2 = -t2;
        }
    }

    /// <summary>k1, k2 with k ≡ k1 + k2·λ (mod r), each of about half of r's bits, either sign.</summary>
    internal static (BigInteger K1, BigInteger K2) Split(BigInteger k)
    {
        BigInteger r = Fr.Modulus;
        BigInteger c1 = RoundedDivide(B2 * k, r);
        BigInteger c2 = RoundedDivide(-B1 * k, r);
        BigInteger k1 = k - c1 * A1 - c2 * A2;
        BigInteger k2 = -c1 * B1 - c2 * B2;
        return (k1, k2);
    }

    private static BigInteger RoundedDivide(BigInteger n, BigInteger d)
    {
        BigInteger quotient = BigInteger.DivRem(n, d, out BigInteger remainder);
        if (BigInteger.Abs(remainder) * 2 >= d)
        {
            quotient += n.Sign;
        }
        return quotient;
    }

    private static BigInteger CubeRootOfUnity(BigInteger p)
    {
        for (int g = 2; ; g++)
        {
            BigInteger root = BigInteger.ModPow(g, (p - 1) / 3, p);
            if (!root.IsOne)
            {
                return root;
            }
        }
    }

    private static BigInteger Sqrt(BigInteger n)
    {
        BigInteger x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            BigInteger y = (x + n / x) >> 1;
            if (y >= x)
            {
                return x;
            }
            x = y;
        }
    }

    /// <summary>The window of <see cref="Naf"/>: digits odd, |digit| &lt; 2^(Window − 1).</summary>
    internal const int NafWindow = 5;

    /// <summary>The width-5 NAF of k (negative k: the digits of |k| negated), least significant first.</summary>
    internal static sbyte[] Naf(BigInteger k)
    {
        int sign = k.Sign;
        k = BigInteger.Abs(k);
        var naf = new List<sbyte>(132);
        while (!k.IsZero)
        {
            int digit = 0;
            if (!k.IsEven)
            {
                digit = (int)(k & ((1 << NafWindow) - 1));
                if (digit >= 1 << (NafWindow - 1))
                {
                    digit -= 1 << NafWindow;
                }
                k -= digit;
            }
            naf.Add((sbyte)(sign * digit));
            k >>= 1;
        }
        return [.. naf];
    }

    /// <summary>
    /// Inverts every element (none zero) in place with one inversion; <paramref name="prefix"/> is scratch of the same
    /// length (the batch-affine steps of <see cref="G1Scaling"/> and <see cref="G1Products"/> reuse theirs, where
    /// FieldMath.BatchInverse would allocate one per step).
    /// </summary>
    internal static void InvertAll(Span<Fp> values, Span<Fp> prefix)
    {
        Fp product = Fp.One;
        for (int i = 0; i < values.Length; i++)
        {
            prefix[i] = product;
            product *= values[i];
        }
        Fp inverse = product.Inverse();
        for (int i = values.Length - 1; i >= 0; i--)
        {
            Fp value = values[i];
            values[i] = inverse * prefix[i];
            inverse *= value;
        }
    }
}
