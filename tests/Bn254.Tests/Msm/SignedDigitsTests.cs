using System.Numerics;
using CredentialHub.Bn254.Msm;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Msm;

/// <summary>Booth-recoded window digits against BigInteger, for every window size the cost model may pick.</summary>
public class SignedDigitsTests
{
    /// <summary>The windows of a plan, balanced widths included, for every window size the cost model may pick.</summary>
    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property DigitsRecombineToTheScalarAndStayInRange() =>
        Prop.ForAll(Arbitraries.Exponent, Gen.Choose(1, WindowCostModel.MaxWindowBits).ToArbitrary(), (k, c) =>
        {
            ulong[] limbs = ToLimbs(k);
            int bits = (int)k.GetBitLength();
            Assert.Equal(bits, BitLength(limbs));
            foreach (int maxBits in new[] { bits, Math.Max(bits, 254) })
            {
                WindowPlan plan = WindowPlan.Create(c, maxBits, 1);
                Assert.Equal(SignedDigits.WindowCount(maxBits, c), plan.WindowCount);
                BigInteger sum = BigInteger.Zero;
                int covered = 0;
                for (int w = plan.WindowCount - 1; w >= 0; w--)
                {
                    int width = plan.Width(w);
                    Assert.InRange(width, Math.Max(1, plan.TotalBits / plan.WindowCount), Math.Min(c, plan.Width(0)));
                    int digit = Digit(limbs, plan.Offset(w), width);
                    Assert.InRange(digit, -(1 << (width - 1)), 1 << (width - 1));
                    sum = (sum << width) + digit;
                    covered += width;
                }
                Assert.Equal(maxBits + 1, covered);
                Assert.Equal(plan.Offset(plan.WindowCount - 1) + plan.Width(plan.WindowCount - 1), covered);
                Assert.Equal(k, sum);
            }
        });

    [Fact]
    public void DigitsOfSmallValuesAreThemselvesInTheFirstWindow()
    {
        for (int c = 2; c <= WindowCostModel.MaxWindowBits; c++)
        {
            int half = 1 << (c - 1);
            Assert.Equal(half - 1, Digit(ToLimbs(half - 1), 0, c));
            Assert.Equal(half, Digit(ToLimbs(half), 0, c) + (Digit(ToLimbs(half), c, c) << c));
            Assert.Equal(0, Digit(ToLimbs(half - 1), c, c));
        }
    }

    private static ulong[] ToLimbs(BigInteger k) =>
        Enumerable.Range(0, 4).Select(i => (ulong)((k >> (64 * i)) & ulong.MaxValue)).ToArray();

    private static unsafe int Digit(ulong[] limbs, int offset, int width)
    {
        fixed (ulong* l = limbs)
        {
            return SignedDigits.Digit(l, offset, width);
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
