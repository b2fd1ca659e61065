using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Curves;

/// <summary>
/// The group laws of G1 and G2 in Jacobian coordinates, written once over <see cref="ICurveGroup{T}"/>
/// and run by the subclasses at the end of this file. Points are [k]G for random scalars k, so their
/// Z coordinates are arbitrary; equal points in different representations must compare equal.
/// The exceptional cases of the addition formulas (P + P, P + (−P), O) are exercised explicitly.
/// </summary>
public abstract class GroupLawTests<T> where T : struct, ICurveGroup<T>
{
    private const int Runs = CaseCounts.Curve;

    private static readonly BigInteger R = Fr.Modulus;

    private static Arbitrary<T> Points => Arbitraries.Point<T>();

    /// <summary>a + b with b first converted to affine coordinates (the mixed-addition formula).</summary>
    protected abstract T AddAffine(T a, T b);

    /// <summary>The point converted to affine coordinates and back.</summary>
    protected abstract T ThroughAffine(T a);

    [Property(MaxTest = Runs)]
    public Property IdentityIsNeutral() =>
        Prop.ForAll(Points, Arbitraries.Scalar, (a, k) =>
        {
            T o = T.Identity;
            Assert.True(o.IsIdentity && o.Double().IsIdentity && (-o).IsIdentity && (o + o).IsIdentity);
            Assert.Equal(a, a + o);
            Assert.Equal(a, o + a);
            Assert.Equal(a, a - o);
            Assert.True(o.Multiply(k).IsIdentity);
        });

    [Property(MaxTest = Runs)]
    public Property NegationIsTheInverse() =>
        Prop.ForAll(Points, Points, (a, b) =>
        {
            Assert.True((a + -a).IsIdentity);
            Assert.True((a - a).IsIdentity);
            Assert.Equal(a, -(-a));
            Assert.Equal(a + -b, a - b);
        });

    [Property(MaxTest = Runs)]
    public Property AdditionIsCommutative() =>
        Prop.ForAll(Points, Points, (a, b) => Assert.Equal(a + b, b + a));

    [Property(MaxTest = Runs)]
    public Property AdditionIsAssociative() =>
        Prop.ForAll(Points, Points, Points, (a, b, c) => Assert.Equal((a + b) + c, a + (b + c)));

    /// <summary>Adding a point to itself, in the same or another representation, takes the doubling branch.</summary>
    [Property(MaxTest = Runs)]
    public Property DoubleIsSelfSum() =>
        Prop.ForAll(Points, a =>
        {
            T doubled = a.Double();
            Assert.Equal(doubled, a + a);
            Assert.Equal(doubled, a + ThroughAffine(a));
            Assert.Equal(doubled, a.Multiply(2));
            Assert.Equal(doubled + a, a.Multiply(3));
        });

    [Property(MaxTest = Runs)]
    public Property ScalarMultiplicationDistributesOverScalarAddition() =>
        Prop.ForAll(Arbitraries.Scalar, Arbitraries.Scalar, (a, b) =>
        {
            T g = T.Generator;
            T sum = g.Multiply(a) + g.Multiply(b);
            Assert.Equal(g.Multiply(a + b), sum);
            Assert.Equal(g.Multiply((a + b) % R), sum);
        });

    [Property(MaxTest = Runs)]
    public Property ScalarMultiplicationComposes() =>
        Prop.ForAll(Arbitraries.Scalar, Arbitraries.Scalar, (a, b) =>
        {
            T g = T.Generator;
            T nested = g.Multiply(b).Multiply(a);
            Assert.Equal(g.Multiply(a * b), nested);
            Assert.Equal(g.Multiply(a * b % R), nested);
        });

    [Property(MaxTest = Runs)]
    public Property NegativeScalarsNegate() =>
        Prop.ForAll(Points, Arbitraries.Scalar, (p, k) =>
        {
            Assert.Equal(-p.Multiply(k), p.Multiply(-k));
            Assert.Equal(p.Multiply(R - k), p.Multiply(-k));
        });

    [Property(MaxTest = Runs)]
    public Property OrderIsR() =>
        Prop.ForAll(Points, p =>
        {
            Assert.True(p.Multiply(R).IsIdentity);
            Assert.Equal(p, p.Multiply(R + 1));
            Assert.Equal(-p, p.Multiply(R - 1));
            Assert.True(p.Multiply(BigInteger.Zero).IsIdentity);
            Assert.Equal(p, p.Multiply(BigInteger.One));
        });

    [Fact]
    public void GeneratorIsOnTheCurveAndNotTheIdentity()
    {
        Assert.True(T.Generator.IsOnCurve);
        Assert.False(T.Generator.IsIdentity);
        Assert.True(T.Identity.IsOnCurve);
    }

    [Property(MaxTest = Runs)]
    public Property ResultsStayOnTheCurve() =>
        Prop.ForAll(Points, Points, Arbitraries.Scalar, (a, b, k) =>
        {
            Assert.True(a.IsOnCurve);
            Assert.True((a + b).IsOnCurve);
            Assert.True((a - b).IsOnCurve);
            Assert.True(a.Double().IsOnCurve);
            Assert.True(a.Multiply(k).IsOnCurve);
            Assert.True(AddAffine(a, b).IsOnCurve);
        });

    [Property(MaxTest = Runs)]
    public Property MixedAdditionMatchesFullAddition() =>
        Prop.ForAll(Points, Points, (a, b) =>
        {
            Assert.Equal(a + b, AddAffine(a, b));
            Assert.Equal(a.Double(), AddAffine(a, a));
            Assert.True(AddAffine(a, -a).IsIdentity);
            Assert.Equal(b, AddAffine(T.Identity, b));
            Assert.Equal(a, AddAffine(a, T.Identity));
        });

    [Property(MaxTest = Runs)]
    public Property AffineConversionRoundTrips() =>
        Prop.ForAll(Points, a =>
        {
            T converted = ThroughAffine(a);
            Assert.Equal(a, converted);
            Assert.Equal(a.IsIdentity, converted.IsIdentity);
            Assert.Equal(a.GetHashCode(), converted.GetHashCode());
            Assert.True(a.Equals(converted) && a.Equals((object)converted));
        });

    [Property(MaxTest = Runs)]
    public Property DistinctPointsAreNotEqual() =>
        Prop.ForAll(Points, a =>
        {
            T other = a + T.Generator;
            Assert.True(a != other && !(a == other) && !a.Equals(other));
            if (!a.IsIdentity)
            {
                Assert.True(a != -a && a != a.Double());
            }
        });
}

public class G1GroupLawTests : GroupLawTests<G1Jacobian>
{
    protected override G1Jacobian AddAffine(G1Jacobian a, G1Jacobian b) => a + b.ToAffine();
    protected override G1Jacobian ThroughAffine(G1Jacobian a) => a.ToAffine().ToJacobian();
}

public class G2GroupLawTests : GroupLawTests<G2Jacobian>
{
    protected override G2Jacobian AddAffine(G2Jacobian a, G2Jacobian b) => a + b.ToAffine();
    protected override G2Jacobian ThroughAffine(G2Jacobian a) => a.ToAffine().ToJacobian();
}
