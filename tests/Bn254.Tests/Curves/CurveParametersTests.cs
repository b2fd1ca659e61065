using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Curves;

/// <summary>The curve constants and generators against the published values (vectors/bn254-constants.json).</summary>
public class CurveParametersTests
{
    private static Fp2 Quadratic((BigInteger C0, BigInteger C1) value) =>
        new(Fp.FromBigInteger(value.C0), Fp.FromBigInteger(value.C1));

    [Fact]
    public void G1ConstantsArePublishedValues()
    {
        Assert.Equal(Bn254Vectors.G1B, G1Affine.B.ToBigInteger());
        Assert.Equal(Bn254Vectors.G1Generator.X, G1Affine.Generator.X.ToBigInteger());
        Assert.Equal(Bn254Vectors.G1Generator.Y, G1Affine.Generator.Y.ToBigInteger());
        Assert.True(G1Affine.Generator.IsOnCurve);
        Assert.True(G1Affine.Generator.IsInSubgroup);
    }

    [Fact]
    public void G2ConstantsArePublishedValues()
    {
        Assert.Equal(Quadratic(Bn254Vectors.G2B), G2Affine.B);
        Assert.Equal(Quadratic(Bn254Vectors.G2GeneratorX), G2Affine.Generator.X);
        Assert.Equal(Quadratic(Bn254Vectors.G2GeneratorY), G2Affine.Generator.Y);
        Assert.True(G2Affine.Generator.IsOnCurve);
        Assert.True(G2Affine.Generator.IsInSubgroup);
        Assert.True(G2Affine.Generator.IsInSubgroupReference);
    }

    /// <summary>E' is the D-type twist: b' = b/ξ.</summary>
    [Fact]
    public void G2BIsThreeOverXi() => Assert.Equal(new Fp2(G1Affine.B, Fp.Zero), G2Affine.B * Fp2.Xi);

    [Fact]
    public void PairingParameterIsPublishedValue() => Assert.Equal(Bn254Vectors.Z, Pairing.Z);

    /// <summary>q and r are the BN polynomials 36z⁴ + 36z³ + 24z² + 6z + 1 and 36z⁴ + 36z³ + 18z² + 6z + 1.</summary>
    [Fact]
    public void ModuliAreTheBnPolynomialsOfZ()
    {
        var z = Pairing.Z;
        var common = 36 * z * z * z * z + 36 * z * z * z + 6 * z + 1;
        Assert.Equal(common + 24 * z * z, Fp.Modulus);
        Assert.Equal(common + 18 * z * z, Fr.Modulus);
    }

    [Fact]
    public void IdentityIsZeroZeroAndCountsAsOnTheCurve()
    {
        Assert.True(G1Affine.Identity.IsIdentity && G1Affine.Identity.IsOnCurve);
        Assert.True(G2Affine.Identity.IsIdentity && G2Affine.Identity.IsOnCurve);
        Assert.Equal(default, G1Affine.Identity);
        Assert.Equal(default, G2Affine.Identity);
        Assert.True(G1Jacobian.Identity.ToAffine().IsIdentity);
        Assert.True(G2Jacobian.Identity.ToAffine().IsIdentity);
    }

    [Property(MaxTest = CaseCounts.Curve)]
    public Property PointsOffTheCurveAreRejected() =>
        Prop.ForAll(Arbitraries.G1, Arbitraries.G2, (p, q) =>
        {
            var badP = new G1Affine(p.X, p.Y + Fp.One);
            var badQ = new G2Affine(q.X, q.Y + Fp2.One);
            Assert.False(badP.IsOnCurve || badP.IsInSubgroup);
            Assert.False(badQ.IsOnCurve || badQ.IsInSubgroup || badQ.IsInSubgroupReference);
        });
}
