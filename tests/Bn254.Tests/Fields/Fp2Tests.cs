using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>
/// Fp2 = Fp[u]/(u² + 1): the shortcuts against full multiplication, the Frobenius map and the square
/// root. An element is a square in Fp2 exactly when its norm c0² + c1² is a square in Fp.
/// </summary>
public class Fp2Tests
{
    private const int Runs = CaseCounts.QuadraticField;

    private static readonly Fp2 U = new(Fp.Zero, Fp.One);

    [Fact]
    public void USquaredIsMinusOne() => Assert.Equal(-Fp2.One, U.Square());

    [Fact]
    public void XiIsNinePlusU() => Assert.Equal(new Fp2(Fp.FromUInt64(9), Fp.One), Fp2.Xi);

    /// <summary>
    /// The product with lazy reduction (three 512-bit products, two reductions) against Karatsuba over three Fp products,
    /// and against (a0b0 − a1b1, a0b1 + a1b0) computed with BigInteger.
    /// </summary>
    [Property(MaxTest = Runs)]
    public Property ProductMatchesKaratsubaOverFpProductsAndBigInteger() =>
        Prop.ForAll(Arbitraries.Fp2, Arbitraries.Fp2, (a, b) =>
        {
            Assert.Equal(Fp2.MultiplyByFpProducts(a, b), a * b);
            BigInteger q = Fp.Modulus;
            BigInteger a0 = a.C0.ToBigInteger(), a1 = a.C1.ToBigInteger(), b0 = b.C0.ToBigInteger(), b1 = b.C1.ToBigInteger();
            var product = a * b;
            Assert.Equal(BigInteger.Remainder(a0 * b0 - a1 * b1 + q * q, q), product.C0.ToBigInteger());
            Assert.Equal(BigInteger.Remainder(a0 * b1 + a1 * b0, q), product.C1.ToBigInteger());
        });

    /// <summary>The bounds of the lazy reduction at their extremes: coordinates 0, 1 and q − 1 in every combination.</summary>
    [Fact]
    public void ProductMatchesAtTheExtremes()
    {
        Fp[] edges = [Fp.Zero, Fp.One, Fp.FromBigInteger(Fp.Modulus - 1), Fp.FromBigInteger(Fp.Modulus - 2), Fp.FromBigInteger((Fp.Modulus - 1) / 2)];
        foreach (var a0 in edges)
        {
            foreach (var a1 in edges)
            {
                foreach (var b0 in edges)
                {
                    foreach (var b1 in edges)
                    {
                        Fp2 a = new(a0, a1), b = new(b0, b1);
                        Assert.Equal(Fp2.MultiplyByFpProducts(a, b), a * b);
                    }
                }
            }
        }
    }

    [Property(MaxTest = Runs)]
    public Property MulByXiMatchesMultiplication() =>
        Prop.ForAll(Arbitraries.Fp2, x => Assert.Equal(x * Fp2.Xi, x.MulByXi()));

    /// <summary>
    /// ξ·(a + bu) = (9a − b) + (9b + a)u on the stored limbs, against BigInteger, for coefficients shaped around the
    /// reduction's edges: 0, 1, q − 1, q − 2, powers of two, and values whose 9a + b falls just below, on and just above
    /// each multiple of q and each multiple of 2^250 (the quotient estimate's steps).
    /// </summary>
    [Fact]
    public void MulByXiOnShapedCoefficients()
    {
        BigInteger q = Fp.Modulus;
        var shapes = new List<BigInteger> { 0, 1, 2, 8, 9, q - 1, q - 2, q - 9, q >> 1, BigInteger.One << 253, (BigInteger.One << 254) - q };
        for (int k = 1; k <= 9; k++)
        {
            foreach (var target in new[] { k * q, (BigInteger)k * 12 << 250, ((BigInteger)k * 12 + 7) << 250 })
            {
                // a with 9a near the target (b = 0), and a + 1 and a − 1.
                BigInteger a = target / 9;
                shapes.AddRange([a - 1, a, a + 1]);
            }
        }
        var values = shapes.Where(x => x >= 0 && x < q).Distinct().ToList();
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                var x = new Fp2(Stored(a), Stored(b)).MulByXi();
                Assert.True(Value(x.C0) == BigInteger.Remainder(9 * a - b + q, q), $"a = {a}, b = {b}: c0");
                Assert.True(Value(x.C1) == (9 * b + a) % q, $"a = {a}, b = {b}: c1");
            }
        }

        static Fp Stored(BigInteger v)
        {
            var w = new ulong[4];
            for (int i = 0; i < 4; i++)
            {
                w[i] = (ulong)((v >> (64 * i)) & ulong.MaxValue);
            }
            return new Fp(w[0], w[1], w[2], w[3]);
        }

        static BigInteger Value(Fp f) => Limbs.ToBigInteger(f.L0, f.L1, f.L2, f.L3);
    }

    [Property(MaxTest = Runs)]
    public Property MulByFpMatchesMultiplication() =>
        Prop.ForAll(Arbitraries.Fp2, Arbitraries.Fp, (x, k) =>
            Assert.Equal(x * new Fp2(k, Fp.Zero), x.MulByFp(k)));

    /// <summary>The Frobenius map x ↦ x^q of Fp2 is the conjugate, so x^(q^k) is x for even k and conj(x) for odd k.</summary>
    [Property(MaxTest = CaseCounts.LongExponent)]
    public Property ConjugateIsTheFrobeniusMap() => ConjugateIsTheFrobeniusPower(1);

    [Property(MaxTest = CaseCounts.LongExponent)]
    public Property ConjugatingTwiceIsTheSecondFrobeniusPower() => ConjugateIsTheFrobeniusPower(2);

    [Property(MaxTest = CaseCounts.LongExponent)]
    public Property ConjugateIsTheThirdFrobeniusPower() => ConjugateIsTheFrobeniusPower(3);

    private static Property ConjugateIsTheFrobeniusPower(int k)
    {
        BigInteger exponent = BigInteger.Pow(Fp.Modulus, k);
        return Prop.ForAll(Arbitraries.Fp2, x => Assert.Equal(x.Pow(exponent), k % 2 == 1 ? x.Conjugate() : x.Conjugate().Conjugate()));
    }

    [Property(MaxTest = Runs)]
    public Property TrySqrtAgreesWithTheNormCriterion() =>
        Prop.ForAll(Arbitraries.Fp2, x =>
        {
            bool isSquare = (x.C0.Square() + x.C1.Square()).Legendre() >= 0;
            Assert.Equal(isSquare, x.TrySqrt(out Fp2 root));
            if (isSquare)
            {
                Assert.Equal(x, root.Square());
            }
        });

    [Property(MaxTest = Runs)]
    public Property TrySqrtRecoversARootOfEverySquare() =>
        Prop.ForAll(Arbitraries.Fp2, y =>
        {
            Assert.True(y.Square().TrySqrt(out Fp2 root));
            Assert.True(root == y || root == -y);
        });

    /// <summary>ξ is not a square (the sextic twist needs that), so neither is y²·ξ for y ≠ 0.</summary>
    [Fact]
    public void XiIsNotASquare()
    {
        BigInteger q = Fp.Modulus;
        Assert.Equal(-Fp2.One, Fp2.Xi.Pow((q * q - 1) / 2));
    }

    [Property(MaxTest = Runs)]
    public Property TrySqrtRefusesNonSquares() =>
        Prop.ForAll(Arbitraries.NonZero(FieldGenerators.Fp2Gen), y =>
        {
            Assert.False((y.Square() * Fp2.Xi).TrySqrt(out Fp2 root));
            Assert.True(root.IsZero);
        });

    /// <summary>Every element of Fp, and every multiple of u, is a square in Fp2; half of them have a purely imaginary root.</summary>
    [Property(MaxTest = Runs)]
    public Property TrySqrtHandlesElementsWithAZeroCoefficient() =>
        Prop.ForAll(Arbitraries.Fp, a =>
        {
            foreach (Fp2 x in new[] { new Fp2(a, Fp.Zero), new Fp2(Fp.Zero, a) })
            {
                Assert.True(x.TrySqrt(out Fp2 root), $"no root of {x}");
                Assert.Equal(x, root.Square());
            }
        });
}
