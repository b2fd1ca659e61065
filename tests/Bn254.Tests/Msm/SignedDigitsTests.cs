using System.Numerics;
using CredentialHub.Bn254.Msm;
using CredentialHub.Bn254.Tests.Support;
using FsCheck.Fluent;

namespace CredentialHub.Bn254.Tests.Msm;

/// <summary>Booth-recoded window digits against BigInteger, for every window size the cost model may pick.</summary>
public class SignedDigitsTests
{
    [Fact]
    public void DigitsRecombineToTheScalarAndStayInRange() =>
        Properties.ForAll(Properties.PrimeFieldRuns, Arbitraries.Exponent, Gen.Choose(1, WindowCostModel.MaxWindowBits).ToArbitrary(), (k, c) =>
        {
            ulong[] limbs = ToLimbs(k);
            int bits = (int)k.GetBitLength();
            int windows = SignedDigits.WindowCount(bits, c);
            Assert.True(windows * c > bits);
            BigInteger sum = BigInteger.Zero;
            for (int w = windows - 1; w >= 0; w--)
            {
                int digit = Digit(limbs, w, c);
                Assert.InRange(digit, -(1 << (c - 1)), 1 << (c - 1));
                sum = (sum << c) + digit;
            }
            Assert.Equal(k, sum);
            Assert.Equal(bits, BitLength(limbs));
        });

    [Fact]
    public void DigitsOfSmallValuesAreThemselvesInTheFirstWindow()
    {
        for (int c = 2; c <= WindowCostModel.MaxWindowBits; c++)
        {
            int half = 1 << (c - 1);
            Assert.Equal(half - 1, Digit(ToLimbs(half - 1), 0, c));
            Assert.Equal(half, Digit(ToLimbs(half), 0, c) + (Digit(ToLimbs(half), 1, c) << c));
            Assert.Equal(0, Digit(ToLimbs(half - 1), 1, c));
        }
    }

    private static ulong[] ToLimbs(BigInteger k) =>
        Enumerable.Range(0, 4).Select(i => (ulong)((k >> (64 * i)) & ulong.MaxValue)).ToArray();

    private static unsafe int Digit(ulong[] limbs, int window, int c)
    {
        fixed (ulong* l = limbs)
        {
            return SignedDigits.Digit(l, window, c);
        }
    }

    private static unsafe int BitLength(ulong[] limbs)
    {
        fixed (ulong* l = limbs)
        {
            return SignedDigits.BitLength(l);
        }
    }
}
