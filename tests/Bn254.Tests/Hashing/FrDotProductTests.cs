using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Hashing;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Hashing;

/// <summary>
/// The lazily reduced dot product against the sum of Fr products, with both wide-product paths (the MULX
/// one where the CPU has BMI2; run under DOTNET_EnableHWIntrinsic=0 the dispatch takes the portable one).
/// </summary>
public class FrDotProductTests
{
    private static readonly Arbitrary<(Fr[], Fr[])> Vectors =
        Gen.Choose(0, 40).SelectMany(n => Gen.Zip(Gen.ArrayOf(FieldGenerators.FrGen, n), Gen.ArrayOf(FieldGenerators.FrGen, n))).ToArbitrary();

    private static Fr Twin(Fr[] a, Fr[] b)
    {
        Fr sum = Fr.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    [Property(MaxTest = CaseCounts.PrimeField)]
    public Property MatchesTheSumOfProducts() =>
        Prop.ForAll(Vectors, pair =>
        {
            var (a, b) = pair;
            Fr expected = Twin(a, b);
            Assert.Equal(expected, FrDotProduct.Compute(a, b));
            if (System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported)
            {
                Assert.Equal(expected, FrDotProduct.Compute<MulxProduct>(a, b));
            }
            Assert.Equal(expected, FrDotProduct.Compute<PortableProduct>(a, b));
        });

    /// <summary>The largest Montgomery limbs (r − 1 in Montgomery form and the element whose form is r − 1) maximise the unreduced sum.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(1000)]
    public void HandlesTheLargestSums(int n)
    {
        Fr.TryReadMontgomeryBytes(LittleEndian(Fr.Modulus - 1), out Fr largestForm);
        foreach (Fr x in new[] { -Fr.One, largestForm })
        {
            Fr[] a = Enumerable.Repeat(x, n).ToArray();
            Assert.Equal(Twin(a, a), FrDotProduct.Compute<PortableProduct>(a, a));
            Assert.Equal(Twin(a, a), FrDotProduct.Compute(a, a));
        }
    }

    [Fact]
    public void RefusesVectorsOfDifferentLengths() =>
        Assert.Throws<ArgumentException>(() => FrDotProduct.Compute(new Fr[2], new Fr[3]));

    private static byte[] LittleEndian(System.Numerics.BigInteger v)
    {
        var bytes = new byte[32];
        v.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }
}
