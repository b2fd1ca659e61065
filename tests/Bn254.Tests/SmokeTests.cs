using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Tests;

public class PairingSmokeTests
{
    [Fact]
    public void Bilinear()
    {
        var p = G1Affine.Generator;
        var q = G2Affine.Generator;
        Assert.True(q.IsOnCurve);
        var e = Pairing.Pair(p, q);
        Assert.False(e.IsOne);
        var e2 = Pairing.Pair(p.Multiply(2).ToAffine(), q);
        Assert.Equal(e.Square(), e2);
        var e3 = Pairing.Pair(p, q.Multiply(2).ToAffine());
        Assert.Equal(e.Square(), e3);
        Assert.True(e.Pow(Fr.Modulus).IsOne);
    }
}
