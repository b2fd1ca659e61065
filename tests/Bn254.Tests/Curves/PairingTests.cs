using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Curves;

/// <summary>
/// The optimal-ate pairing: bilinearity, non-degeneracy, values in the order-r subgroup of Fp12*,
/// the identity conventions, multi-pairing and the product check used by Groth16 verification.
/// </summary>
public class PairingTests
{
    private const int Runs = CaseCounts.Pairing;

    private static readonly BigInteger R = Fr.Modulus;

    private static readonly Fp12 GeneratorPairing = Pairing.Pair(G1Affine.Generator, G2Affine.Generator);

    [Property(MaxTest = Runs)]
    public Property PairingIsBilinear() =>
        Prop.ForAll(Arbitraries.Scalar, Arbitraries.Scalar, (a, b) =>
        {
            G1Affine p = G1Affine.Generator.Multiply(a).ToAffine();
            G2Affine q = G2Affine.Generator.Multiply(b).ToAffine();
            Assert.Equal(GeneratorPairing.Pow(a * b % R), Pairing.Pair(p, q));
        });

    [Property(MaxTest = Runs)]
    public Property ScalarsMoveAcrossThePairing() =>
        Prop.ForAll(Arbitraries.G1, Arbitraries.G2, Arbitraries.Scalar, (p, q, k) =>
            Assert.Equal(
                Pairing.Pair(p.Multiply(k).ToAffine(), q),
                Pairing.Pair(p, q.Multiply(k).ToAffine())));

    [Fact]
    public void PairingIsNonDegenerate()
    {
        Assert.False(GeneratorPairing.IsOne);
        Assert.True(GeneratorPairing.Pow(R).IsOne);
    }

    [Property(MaxTest = Runs)]
    public Property ValuesLieInTheOrderRSubgroup() =>
        Prop.ForAll(Arbitraries.G1, Arbitraries.G2, (p, q) =>
        {
            Fp12 e = Pairing.Pair(p, q);
            Assert.True(e.Pow(R).IsOne);
            Assert.Equal(p.IsIdentity || q.IsIdentity, e.IsOne);
        });

    [Property(MaxTest = Runs)]
    public Property PairingWithTheIdentityIsOne() =>
        Prop.ForAll(Arbitraries.G1, Arbitraries.G2, (p, q) =>
        {
            Assert.True(Pairing.Pair(G1Affine.Identity, q).IsOne);
            Assert.True(Pairing.Pair(p, G2Affine.Identity).IsOne);
        });

    [Property(MaxTest = Runs)]
    public Property MultiPairIsTheProductOfPairings() =>
        Prop.ForAll(Arbitraries.G1, Arbitraries.G2, Arbitraries.Scalar, (p, q, k) =>
        {
            G1Affine[] ps = [p, G1Affine.Identity, G1Affine.Generator.Multiply(k).ToAffine(), G1Affine.Generator];
            G2Affine[] qs = [q, G2Affine.Generator, G2Affine.Generator, G2Affine.Identity];
            Fp12 product = Fp12.One;
            for (int i = 0; i < ps.Length; i++)
            {
                product *= Pairing.Pair(ps[i], qs[i]);
            }
            Assert.Equal(product, Pairing.MultiPair(ps, qs));
        });

    [Fact]
    public void MultiPairOfNoPairsIsOne() => Assert.True(Pairing.MultiPair([], []).IsOne);

    [Property(MaxTest = Runs)]
    public Property CheckAcceptsBalancedProductsAndRejectsOthers() =>
        Prop.ForAll(Arbitraries.G1, Arbitraries.G2, Arbitraries.Scalar, (p, q, k) =>
        {
            G2Prepared prepared = G2Prepared.Prepare(q);
            Assert.True(Pairing.Check([p.Negate(), p], [prepared, prepared]));

            // e(−[k]P, Q)·e(P, [k]Q) = 1, the shape of a Groth16 equation.
            G1Affine kp = p.Multiply(k).ToAffine();
            G2Prepared kq = G2Prepared.Prepare(q.Multiply(k).ToAffine());
            Assert.True(Pairing.Check([kp.Negate(), p], [prepared, kq]));

            bool degenerate = p.IsIdentity || q.IsIdentity;
            Assert.Equal(degenerate, Pairing.Check([p, p], [prepared, prepared]));
        });

    [Fact]
    public void MismatchedInputLengthsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => Pairing.MultiPair([G1Affine.Generator], []));
        Assert.Throws<ArgumentException>(() => Pairing.MillerLoop([], [G2Prepared.Prepare(G2Affine.Generator)]));
    }
}
