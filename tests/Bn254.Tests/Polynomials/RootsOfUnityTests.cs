using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Polynomials;

namespace CredentialHub.Bn254.Tests.Polynomials;

/// <summary>The roots of unity against the values snarkjs uses.</summary>
public class RootsOfUnityTests
{
    /// <summary>
    /// ffjavascript's Fr.w[28] for BN254 (WasmField1 constructor, snarkjs 0.7.6; wasmcurves build_fft.js
    /// computes the same value), as recorded in FORMATS.md §4.
    /// </summary>
    private const string SnarkjsW28 = "19103219067921713944291392827692070036145651957329286315305642004821462161904";

    [Fact]
    public void LargestRootIsSnarkjsW28() => Assert.Equal(Fr.Parse(SnarkjsW28), RootsOfUnity.Get(RootsOfUnity.MaxLog2));

    [Fact]
    public void TwoAdicityIs28()
    {
        BigInteger rMinusOne = Fr.Modulus - 1;
        Assert.True((rMinusOne >> RootsOfUnity.MaxLog2 << RootsOfUnity.MaxLog2) == rMinusOne);
        Assert.False((rMinusOne >> (RootsOfUnity.MaxLog2 + 1) << (RootsOfUnity.MaxLog2 + 1)) == rMinusOne);
    }

    [Fact]
    public void EachRootIsTheSquareOfTheNext()
    {
        for (int k = 0; k < RootsOfUnity.MaxLog2; k++)
        {
            Assert.Equal(RootsOfUnity.Get(k), RootsOfUnity.Get(k + 1).Square());
        }
    }

    [Fact]
    public void RootOfIndexKHasOrderExactlyTwoToTheK()
    {
        for (int k = 0; k <= RootsOfUnity.MaxLog2; k++)
        {
            Fr w = RootsOfUnity.Get(k);
            Assert.True(w.Pow(BigInteger.One << k).IsOne, $"w[{k}]^(2^{k}) must be 1");
            if (k > 0)
            {
                Assert.Equal(-Fr.One, w.Pow(BigInteger.One << (k - 1)));
            }
        }
        Assert.True(RootsOfUnity.Get(0).IsOne);
    }

    [Fact]
    public void FiveIsTheSmallestNonResidue()
    {
        BigInteger half = (Fr.Modulus - 1) / 2;
        for (ulong a = 2; a < 5; a++)
        {
            Assert.True(Fr.FromUInt64(a).Pow(half).IsOne, $"{a} is a square");
        }
        Assert.Equal(-Fr.One, Fr.FromUInt64(5).Pow(half));
    }

    [Fact]
    public void ShiftIsTheNonResidueSquared() => Assert.Equal(Fr.FromUInt64(25), RootsOfUnity.Shift);

    [Theory]
    [InlineData(-1)]
    [InlineData(29)]
    public void OutOfRangeIndicesAreRefused(int log2) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RootsOfUnity.Get(log2));
}
