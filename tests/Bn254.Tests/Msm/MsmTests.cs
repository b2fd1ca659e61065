using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;
using FastMsm = CredentialHub.Bn254.Msm.Msm;
using ReferenceMsm = CredentialHub.Bn254.Msm.MsmReference;

namespace CredentialHub.Bn254.Tests.Msm;

/// <summary>
/// The bucket-method multi-scalar multiplication against the double-and-add reference, written once and
/// run for G1 and G2 by the subclasses at the end of this file. Points are a random start plus multiples
/// of a random step (cheap to make), then edited so that the identity, repeated points and negated points
/// occur, some with equal scalars: equal points with equal digits meet in one bucket (P + P in a batch)
/// and opposite ones cancel (P + (−P)). Scalars mix 0, 1, r − 1, small values and uniform values, which
/// exercises every path: dropped terms, the plain sum of ones, short and dense windows, batched and
/// unbatched buckets (small inputs choose small windows). Each subclass sets its number of cases
/// (<c>[Properties(MaxTest = …)]</c>).
/// </summary>
public abstract class MsmTests<TJacobian, TAffine>
    where TJacobian : struct, ICurveGroup<TJacobian>
    where TAffine : struct
{
    protected abstract int MaxSize { get; }

    protected abstract TAffine[] ToAffine(TJacobian[] points);
    protected abstract TAffine Negate(TAffine point);
    protected abstract TAffine Identity { get; }
    protected abstract TJacobian Fast(TAffine[] points, Fr[] scalars, int maxDegreeOfParallelism = -1);
    protected abstract TJacobian Reference(TAffine[] points, Fr[] scalars);

    private static readonly Gen<Fr> MixedScalars = Gen.Frequency(
        (3, Gen.Constant(Fr.Zero)),
        (3, Gen.Constant(Fr.One)),
        (1, Gen.Constant(-Fr.One)),
        (2, Gen.Choose(2, 1000).Select(k => Fr.FromUInt64((ulong)k))),
        (3, FieldGenerators.FrGen));

    /// <summary>An edit of the points: 0 identity at i, 1 copy j to i, 2 negate j into i, 3 and 4 the same with the scalar copied too.</summary>
    private static readonly Gen<(int Kind, int I, int J)> Edits =
        from kind in Gen.Choose(0, 4)
        from i in Gen.Choose(0, int.MaxValue)
        from j in Gen.Choose(0, int.MaxValue)
        select (kind, i, j);

    public sealed record Case(TAffine[] Points, Fr[] Scalars)
    {
        public override string ToString() => $"{Points.Length} terms";
    }

    private Arbitrary<Case> Cases(int minSize, int maxSize) =>
        (from n in Gen.Choose(minSize, maxSize)
         from start in CurveGenerators.ScalarGen
         from step in CurveGenerators.ScalarGen
         from allEqual in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
         from scalars in Gen.ArrayOf(MixedScalars, n)
         from edits in Gen.ArrayOf(Edits, Math.Min(n, 40))
         select MakeCase(n, start, allEqual ? BigInteger.Zero : step, scalars, edits)).ToArbitrary();

    private Case MakeCase(int n, BigInteger start, BigInteger step, Fr[] scalars, (int Kind, int I, int J)[] edits)
    {
        var jacobian = new TJacobian[n];
        TJacobian current = TJacobian.Generator.Multiply(start);
        TJacobian increment = TJacobian.Generator.Multiply(step);
        for (int i = 0; i < n; i++)
        {
            jacobian[i] = current;
            current += increment;
        }
        TAffine[] points = ToAffine(jacobian);
        foreach (var (kind, a, b) in edits)
        {
            int i = a % n, j = b % n;
            switch (kind)
            {
                case 0:
                    points[i] = Identity;
                    break;
                case 1 or 3:
                    points[i] = points[j];
                    break;
                default:
                    points[i] = Negate(points[j]);
                    break;
            }
            if (kind >= 3)
            {
                scalars[i] = scalars[j];
            }
        }
        return new Case(points, scalars);
    }

    [Property]
    public Property MatchesTheReference() =>
        Prop.ForAll(Cases(0, MaxSize), c => Assert.Equal(Reference(c.Points, c.Scalars), Fast(c.Points, c.Scalars)));

    [Property]
    public Property MatchesTheReferenceForOneTerm() =>
        Prop.ForAll(Cases(1, 1), c => Assert.Equal(Reference(c.Points, c.Scalars), Fast(c.Points, c.Scalars)));

    [Fact]
    public void EmptyInputGivesTheIdentity() => Assert.True(Fast([], []).IsIdentity);

    [Fact]
    public void ZeroScalarsGiveTheIdentity()
    {
        Case c = Sample(Cases(MaxSize, MaxSize));
        Assert.True(Fast(c.Points, new Fr[c.Points.Length]).IsIdentity);
    }

    /// <summary>Equal scalars put every point in one bucket per window: batches fill one addition at a time and the queue overflows.</summary>
    [Fact]
    public void EqualScalarsCollideInOneBucket()
    {
        Case c = Sample(Cases(MaxSize, MaxSize));
        int n = c.Points.Length;
        TJacobian sum = Reference(c.Points, Enumerable.Repeat(Fr.One, n).ToArray());
        Assert.Equal(sum.Multiply(7), Fast(c.Points, Enumerable.Repeat(Fr.FromUInt64(7), n).ToArray()));
        Assert.Equal(sum.Multiply(Fr.Modulus - 123456789), Fast(c.Points, Enumerable.Repeat(-Fr.FromUInt64(123456789), n).ToArray()));
    }

    /// <summary>One point everywhere: Σ k_i·P = (Σ k_i)·P, with doublings in every batch.</summary>
    [Property(MaxTest = 5)]
    public Property EqualPointsDoubleInTheBatches() =>
        Prop.ForAll(Cases(MaxSize, MaxSize), c =>
        {
            TAffine p = c.Points[0];
            TAffine[] same = Enumerable.Repeat(p, c.Points.Length).ToArray();
            Fr sum = c.Scalars.Aggregate(Fr.Zero, (a, k) => a + k);
            Assert.Equal(Reference([p], [sum]), Fast(same, c.Scalars));
        });

    [Fact]
    public void DegreeOfParallelismDoesNotChangeTheResult()
    {
        Case c = Sample(Cases(MaxSize, MaxSize));
        TJacobian expected = Fast(c.Points, c.Scalars, 1);
        Assert.Equal(expected, Fast(c.Points, c.Scalars, 2));
        Assert.Equal(expected, Fast(c.Points, c.Scalars, 3));
        Assert.Equal(expected, Fast(c.Points, c.Scalars, 8));
        Assert.Equal(expected, Reference(c.Points, c.Scalars));
    }

    /// <summary>Short scalars and more cores than windows: each window's scalars are split between tasks.</summary>
    [Fact]
    public void ShortScalarsOnManyCoresMatchTheReference()
    {
        Case c = Sample(Cases(MaxSize, MaxSize));
        var random = new Random(7);
        Fr[] small = c.Points.Select(_ => Fr.FromUInt64((ulong)random.Next(2, 1 << 12))).ToArray();
        Assert.Equal(Reference(c.Points, small), Fast(c.Points, small, 6));
    }

    /// <summary>
    /// Mostly short scalars with some 100-bit ones on many cores: windows above bit 64 visit only the long
    /// entries, and each window's entries are split between tasks.
    /// </summary>
    [Fact]
    public void ShortAndLongScalarsSplitBetweenTasksMatchTheReference()
    {
        Case c = Sample(Cases(MaxSize, MaxSize));
        var random = new Random(13);
        Fr[] scalars = c.Points.Select(_ => random.Next(10) < 7
            ? Fr.FromUInt64((ulong)random.NextInt64(2, 1L << 20))
            : Fr.FromBigInteger((BigInteger)random.NextInt64() << 36 | (BigInteger)random.NextInt64())).ToArray();
        Assert.Equal(Reference(c.Points, scalars), Fast(c.Points, scalars, 16));
    }

    [Fact]
    public void MismatchedLengthsAreRefused()
    {
        Case c = Sample(Cases(3, 3));
        Assert.Throws<ArgumentException>(() => Fast(c.Points, new Fr[2]));
        Assert.Throws<ArgumentException>(() => Reference(c.Points, new Fr[4]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void InvalidDegreesOfParallelismAreRefused(int degree)
    {
        Case c = Sample(Cases(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fast(c.Points, c.Scalars, degree));
    }

    private static Case Sample(Arbitrary<Case> cases) => Gen.Sample(cases.Generator, 1, 1)[0];
}

[Properties(MaxTest = 30)]
public class G1MsmTests : MsmTests<G1Jacobian, G1Affine>
{
    protected override int MaxSize => 3000;
    protected override G1Affine[] ToAffine(G1Jacobian[] points) => G1Jacobian.BatchToAffine(points);
    protected override G1Affine Negate(G1Affine point) => point.Negate();
    protected override G1Affine Identity => G1Affine.Identity;
    protected override G1Jacobian Fast(G1Affine[] points, Fr[] scalars, int maxDegreeOfParallelism = -1) =>
        FastMsm.MultiScalarMul(points, scalars, maxDegreeOfParallelism);
    protected override G1Jacobian Reference(G1Affine[] points, Fr[] scalars) => ReferenceMsm.MultiScalarMul(points, scalars);

    /// <summary>A witness-like vector large enough for the sum of ones to be split between tasks.</summary>
    [Fact]
    public void ManyOnesAreSummedInChunks()
    {
        const int n = 20000;
        G1Affine[] points = RepeatedSum(n);
        var random = new Random(11);
        Fr[] scalars = points.Select(_ => random.Next(10) switch
        {
            < 5 => Fr.One,
            < 9 => Fr.Zero,
            _ => Fr.FromUInt64((ulong)random.Next(2, 100)),
        }).ToArray();
        Assert.Equal(ReferenceMsm.MultiScalarMul(points, scalars), FastMsm.MultiScalarMul(points, scalars));
    }

    private static G1Affine[] RepeatedSum(int n)
    {
        var jacobian = new G1Jacobian[n];
        G1Jacobian current = G1Jacobian.Generator.Multiply(987654321);
        G1Jacobian step = G1Jacobian.Generator.Multiply(123456789);
        for (int i = 0; i < n; i++)
        {
            jacobian[i] = current;
            current += step;
        }
        return G1Jacobian.BatchToAffine(jacobian);
    }
}

/// <summary>G1 through the scalar twin of the AVX-512 batches and reductions.</summary>
[Properties(MaxTest = 15)]
public class G1ScalarMsmTests : MsmTests<G1Jacobian, G1Affine>
{
    protected override int MaxSize => 3000;
    protected override G1Affine[] ToAffine(G1Jacobian[] points) => G1Jacobian.BatchToAffine(points);
    protected override G1Affine Negate(G1Affine point) => point.Negate();
    protected override G1Affine Identity => G1Affine.Identity;
    protected override G1Jacobian Fast(G1Affine[] points, Fr[] scalars, int maxDegreeOfParallelism = -1) =>
        FastMsm.MultiScalarMul(points, scalars, maxDegreeOfParallelism, useVectors: false);
    protected override G1Jacobian Reference(G1Affine[] points, Fr[] scalars) => ReferenceMsm.MultiScalarMul(points, scalars);
}

[Properties(MaxTest = 8)]
public class G2MsmTests : MsmTests<G2Jacobian, G2Affine>
{
    protected override int MaxSize => 400;
    protected override G2Affine[] ToAffine(G2Jacobian[] points) => points.Select(p => p.ToAffine()).ToArray();
    protected override G2Affine Negate(G2Affine point) => point.Negate();
    protected override G2Affine Identity => G2Affine.Identity;
    protected override G2Jacobian Fast(G2Affine[] points, Fr[] scalars, int maxDegreeOfParallelism = -1) =>
        FastMsm.MultiScalarMul(points, scalars, maxDegreeOfParallelism);
    protected override G2Jacobian Reference(G2Affine[] points, Fr[] scalars) => ReferenceMsm.MultiScalarMul(points, scalars);
}

/// <summary>G2 through the scalar twin of the AVX-512 batches and reductions.</summary>
[Properties(MaxTest = 5)]
public class G2ScalarMsmTests : MsmTests<G2Jacobian, G2Affine>
{
    protected override int MaxSize => 300;
    protected override G2Affine[] ToAffine(G2Jacobian[] points) => points.Select(p => p.ToAffine()).ToArray();
    protected override G2Affine Negate(G2Affine point) => point.Negate();
    protected override G2Affine Identity => G2Affine.Identity;
    protected override G2Jacobian Fast(G2Affine[] points, Fr[] scalars, int maxDegreeOfParallelism = -1) =>
        FastMsm.MultiScalarMul(points, scalars, maxDegreeOfParallelism, useVectors: false);
    protected override G2Jacobian Reference(G2Affine[] points, Fr[] scalars) => ReferenceMsm.MultiScalarMul(points, scalars);
}
