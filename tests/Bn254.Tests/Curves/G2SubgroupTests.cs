using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Curves;

/// <summary>
/// G2 membership: the fast ψ-based test against the reference [r]P = O, on points of G2 and on points
/// of the twist E'(Fp2) that are not in G2. E'(Fp2) has order r·h with h = 2q − r and gcd(r, h) = 1,
/// so [h]T ∈ G2 and [r]T lies in the order-h part for every twist point T.
/// </summary>
public class G2SubgroupTests
{
    private const int Runs = CaseCounts.Curve;

    private static readonly BigInteger Cofactor = Bn254Vectors.G2Cofactor;

    [Fact]
    public void CofactorIsTwoQMinusR()
    {
        Assert.Equal(2 * Fp.Modulus - Fr.Modulus, Cofactor);
        Assert.Equal(BigInteger.One, BigInteger.GreatestCommonDivisor(Cofactor, Fr.Modulus));
    }

    [Fact]
    public void IdentityIsInG2()
    {
        Assert.True(G2Affine.Identity.IsInSubgroup);
        Assert.True(G2Affine.Identity.IsInSubgroupReference);
    }

    [Property(MaxTest = Runs)]
    public Property MultiplesOfTheGeneratorAreInG2() =>
        Prop.ForAll(Arbitraries.G2, p =>
        {
            Assert.True(p.IsInSubgroupReference);
            Assert.True(p.IsInSubgroup);
        });

    [Property(MaxTest = Runs)]
    public Property RandomTwistPointsAreNotInG2() =>
        Prop.ForAll(Arbitraries.TwistPoint, t =>
        {
            Assert.True(t.IsOnCurve);
            Assert.False(t.IsInSubgroupReference);
            Assert.False(t.IsInSubgroup);
        });

    [Property(MaxTest = Runs)]
    public Property TwistOrderIsRTimesTheCofactor() =>
        Prop.ForAll(Arbitraries.TwistPoint, t =>
            Assert.True(t.Multiply(Fr.Modulus * Cofactor).IsIdentity));

    [Property(MaxTest = Runs)]
    public Property ClearingTheCofactorLandsInG2() =>
        Prop.ForAll(Arbitraries.TwistPoint, t =>
        {
            G2Affine cleared = t.Multiply(Cofactor).ToAffine();
            Assert.False(cleared.IsIdentity);
            Assert.True(cleared.IsInSubgroupReference);
            Assert.True(cleared.IsInSubgroup);
        });

    /// <summary>[r]T has order dividing h: on the curve, never in G2 unless it is the identity.</summary>
    [Property(MaxTest = Runs)]
    public Property PointsOfCofactorOrderAreNotInG2() =>
        Prop.ForAll(Arbitraries.TwistPoint, t =>
        {
            G2Affine torsion = t.Multiply(Fr.Modulus).ToAffine();
            Assert.False(torsion.IsIdentity);
            Assert.True(torsion.IsOnCurve);
            Assert.False(torsion.IsInSubgroupReference);
            Assert.False(torsion.IsInSubgroup);
        });

    /// <summary>On G2 the Frobenius endomorphism ψ acts as multiplication by q.</summary>
    /// <summary>The subgroup check's [z]P (z's NAF, mixed additions) against the generic multiplication, on twist points of any order.</summary>
    [Property(MaxTest = Runs)]
    public Property MultiplicationByZMatchesTheGenericMultiplication() =>
        Prop.ForAll(Arbitraries.TwistPoint, t =>
        {
            Assert.Equal(t.ToJacobian().Multiply(Pairing.Z), t.MultiplyByZ());
            var cofactorPart = t.ToJacobian().Multiply(Fr.Modulus).ToAffine();
            if (!cofactorPart.IsIdentity)
            {
                Assert.Equal(cofactorPart.ToJacobian().Multiply(Pairing.Z), cofactorPart.MultiplyByZ());
            }
        });

    [Property(MaxTest = Runs)]
    public Property PsiIsMultiplicationByQOnG2() =>
        Prop.ForAll(Arbitraries.G2, p =>
        {
            Assert.Equal(p.Multiply(Fp.Modulus).ToAffine(), p.Psi());
            Assert.Equal(p.Psi().Psi(), p.Psi2());
            Assert.Equal(p.Multiply(Fp.Modulus * Fp.Modulus).ToAffine(), p.Psi2());
        });

    [Property(MaxTest = Runs)]
    public Property PsiMapsTheTwistToItself() =>
        Prop.ForAll(Arbitraries.TwistPoint, t =>
        {
            Assert.True(t.Psi().IsOnCurve);
            Assert.True(t.Psi2().IsOnCurve);
            Assert.Equal(t.Psi().Psi(), t.Psi2());
            Assert.True(G2Affine.Identity.Psi().IsIdentity && G2Affine.Identity.Psi2().IsIdentity);
        });
}
