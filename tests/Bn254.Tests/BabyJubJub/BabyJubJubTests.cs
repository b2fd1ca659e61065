using System.Numerics;
using CredentialHub.Bn254.BabyJubJub;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.BabyJubJub;

/// <summary>BabyJubJub's parameters, and its arithmetic and packing byte for byte against circomlibjs.</summary>
public class BabyJubJubTests
{
    private static readonly BigInteger L = BabyJubJubCurve.SubgroupOrder;

    [Fact]
    public void ParametersMatchCircomlibjs()
    {
        var v = CredentialVectors.BabyJubJub;
        Assert.Equal(v.GetProperty("a").GetString(), BabyJubJubCurve.A.ToString());
        Assert.Equal(v.GetProperty("d").GetString(), BabyJubJubCurve.D.ToString());
        Assert.Equal(CredentialVectors.Integer(v.GetProperty("order")), BabyJubJubCurve.Order);
        Assert.Equal(CredentialVectors.Integer(v.GetProperty("subgroupOrder")), L);
        Assert.Equal(BigInteger.Parse("2736030358979909402780800718157159386076813972158567259200215660948447373041"), L);
        Assert.Equal(CredentialVectors.Point(v.GetProperty("generator")), BabyJubJubCurve.Generator);
        Assert.Equal(CredentialVectors.Point(v.GetProperty("base8")), BabyJubJubCurve.Base8);
    }

    /// <summary>The addition law is complete only when a is a square and d is not (Bernstein et al., "Twisted Edwards curves", 2008).</summary>
    [Fact]
    public void AdditionLawIsComplete()
    {
        BigInteger half = (Fr.Modulus - 1) / 2;
        Assert.True(BabyJubJubCurve.A.Pow(half).IsOne);
        Assert.Equal(-Fr.One, BabyJubJubCurve.D.Pow(half));
    }

    [Fact]
    public void BasePointsHaveTheStatedOrders()
    {
        BabyJubJubPoint g = BabyJubJubCurve.Generator.ToExtended();
        Assert.True(BabyJubJubCurve.Generator.IsOnCurve && BabyJubJubCurve.Base8.IsOnCurve);
        Assert.Equal(BabyJubJubCurve.Base8, g.Multiply(8).ToAffine());
        Assert.True(BabyJubJubCurve.Base8.IsInSubgroup);
        Assert.False(BabyJubJubCurve.Generator.IsInSubgroup);
        Assert.True(g.Multiply(BabyJubJubCurve.Order).IsIdentity);
        Assert.False(g.Multiply(L).IsIdentity);
        Assert.False(g.Multiply(BabyJubJubCurve.Order / 2).IsIdentity);
    }

    [Fact]
    public void AdditionsMatchCircomlibjs()
    {
        foreach (var v in CredentialVectors.BabyJubJub.GetProperty("additions").EnumerateArray())
        {
            BabyJubJubAffine a = CredentialVectors.Point(v.GetProperty("a")), b = CredentialVectors.Point(v.GetProperty("b"));
            BabyJubJubAffine sum = CredentialVectors.Point(v.GetProperty("sum"));
            Assert.Equal(sum, BabyJubJubAffine.Add(a, b));
            Assert.Equal(sum, (a.ToExtended() + b.ToExtended()).ToAffine());
            if (a == b)
            {
                Assert.Equal(sum, a.ToExtended().Double().ToAffine());
            }
        }
    }

    [Fact]
    public void MultiplicationsMatchCircomlibjs()
    {
        foreach (var v in CredentialVectors.BabyJubJub.GetProperty("multiplications").EnumerateArray())
        {
            BabyJubJubAffine p = CredentialVectors.Point(v.GetProperty("point"));
            BigInteger k = CredentialVectors.Integer(v.GetProperty("scalar"));
            BabyJubJubAffine product = CredentialVectors.Point(v.GetProperty("product"));
            Assert.Equal(product, p.Multiply(k));
            Assert.Equal(product, p.MultiplyReference(k));
            if (p == BabyJubJubCurve.Base8)
            {
                Assert.Equal(product, BabyJubJubPoint.MultiplyBase8(k).ToAffine());
            }
        }
    }

    [Fact]
    public void PackingsMatchCircomlibjs()
    {
        foreach (var v in CredentialVectors.BabyJubJub.GetProperty("packings").EnumerateArray())
        {
            BabyJubJubAffine p = CredentialVectors.Point(v.GetProperty("point"));
            byte[] packed = CredentialVectors.Hex(v.GetProperty("packed"));
            Assert.Equal(packed, p.Pack());
            Assert.Equal(p, BabyJubJubAffine.Unpack(packed));
            Assert.Equal(v.GetProperty("inSubgroup").GetBoolean(), p.IsInSubgroup);
            Assert.Equal(v.GetProperty("inSubgroup").GetBoolean(), p.ToExtended().IsInSubgroup);
        }
    }

    [Fact]
    public void MultiplyBase8CoversEveryScalarRange()
    {
        BigInteger[] scalars = [0, 1, 15, 16, 255, L - 1, L, (BigInteger.One << 256) - 1, BigInteger.One << 256, -5];
        foreach (BigInteger k in scalars)
        {
            Assert.Equal(BabyJubJubPoint.Base8.Multiply(k), BabyJubJubPoint.MultiplyBase8(k));
        }
    }
}
