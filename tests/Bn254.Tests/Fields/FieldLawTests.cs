using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>
/// The field axioms and the consistency of the shortcut operations, written once over
/// <see cref="IField{T}"/> (after arkworks' test-templates) and run for every field of the tower by
/// the subclasses at the end of this file.
/// </summary>
public abstract class FieldLawTests<T> where T : struct, IField<T>
{
    protected abstract Gen<T> Elements { get; }
    protected abstract int Runs { get; }

    private Arbitrary<T> Any => Elements.ToArbitrary();

    [Fact]
    public void AdditionIsAssociative() =>
        Properties.ForAll(Runs, Any, Any, Any, (a, b, c) => Assert.Equal((a + b) + c, a + (b + c)));

    [Fact]
    public void AdditionIsCommutative() =>
        Properties.ForAll(Runs, Any, Any, (a, b) => Assert.Equal(a + b, b + a));

    [Fact]
    public void ZeroIsTheAdditiveIdentity() =>
        Properties.ForAll(Runs, Any, a =>
        {
            Assert.Equal(a, a + T.Zero);
            Assert.Equal(a, T.Zero + a);
            Assert.Equal(a, a - T.Zero);
            Assert.True(T.Zero.IsZero);
            Assert.Equal(a == T.Zero, a.IsZero);
        });

    [Fact]
    public void NegationIsTheAdditiveInverse() =>
        Properties.ForAll(Runs, Any, Any, (a, b) =>
        {
            Assert.True((a + -a).IsZero);
            Assert.True((a - a).IsZero);
            Assert.Equal(a, -(-a));
            Assert.Equal(a + -b, a - b);
            Assert.Equal(-(a - b), b - a);
        });

    [Fact]
    public void MultiplicationIsAssociative() =>
        Properties.ForAll(Runs, Any, Any, Any, (a, b, c) => Assert.Equal((a * b) * c, a * (b * c)));

    [Fact]
    public void MultiplicationIsCommutative() =>
        Properties.ForAll(Runs, Any, Any, (a, b) => Assert.Equal(a * b, b * a));

    [Fact]
    public void OneIsTheMultiplicativeIdentity() =>
        Properties.ForAll(Runs, Any, a =>
        {
            Assert.Equal(a, a * T.One);
            Assert.Equal(a, T.One * a);
            Assert.True((a * T.Zero).IsZero);
            Assert.True(T.One.IsOne);
            Assert.Equal(a == T.One, a.IsOne);
        });

    [Fact]
    public void MultiplicationDistributesOverAddition() =>
        Properties.ForAll(Runs, Any, Any, Any, (a, b, c) =>
        {
            Assert.Equal(a * b + a * c, a * (b + c));
            Assert.Equal(a * c + b * c, (a + b) * c);
            Assert.Equal(a * b - a * c, a * (b - c));
            Assert.Equal(-(a * b), a * -b);
        });

    [Fact]
    public void NonZeroElementsHaveMultiplicativeInverses() =>
        Properties.ForAll(Runs, Arbitraries.NonZero(Elements), a =>
        {
            Assert.True((a * a.Inverse()).IsOne);
            Assert.Equal(a, a.Inverse().Inverse());
        });

    [Fact]
    public void InverseOfZeroIsZero() => Assert.True(T.Zero.Inverse().IsZero);

    [Fact]
    public void SquareIsSelfProduct() =>
        Properties.ForAll(Runs, Any, a => Assert.Equal(a * a, a.Square()));

    [Fact]
    public void DoubleIsSelfSum() =>
        Properties.ForAll(Runs, Any, a => Assert.Equal(a + a, a.Double()));

    [Fact]
    public void EqualityIsConsistent() =>
        Properties.ForAll(Runs, Any, Any, (a, b) =>
        {
            T copy = a + T.Zero;
            Assert.True(a == copy && !(a != copy) && a.Equals(copy) && a.Equals((object)copy));
            Assert.Equal(a.GetHashCode(), copy.GetHashCode());
            Assert.Equal(a.Equals(b), a == b);
            Assert.Equal(!(a == b), a != b);
            Assert.True(a != a + T.One);
        });

    [Fact]
    public void PowAddsExponents() =>
        Properties.ForAll(Runs, Any, Arbitraries.Exponent, Arbitraries.Exponent, (a, m, n) =>
        {
            m >>= 192;
            n >>= 192;
            Assert.Equal(FieldMath.Pow(a, m) * FieldMath.Pow(a, n), FieldMath.Pow(a, m + n));
            Assert.True(FieldMath.Pow(a, BigInteger.Zero).IsOne);
            Assert.Equal(a, FieldMath.Pow(a, BigInteger.One));
        });
}

public class FpFieldLawTests : FieldLawTests<Fp>
{
    protected override Gen<Fp> Elements => FieldGenerators.FpGen;
    protected override int Runs => Properties.PrimeFieldRuns;
}

public class FrFieldLawTests : FieldLawTests<Fr>
{
    protected override Gen<Fr> Elements => FieldGenerators.FrGen;
    protected override int Runs => Properties.PrimeFieldRuns;
}

public class Fp2FieldLawTests : FieldLawTests<Fp2>
{
    protected override Gen<Fp2> Elements => FieldGenerators.Fp2Gen;
    protected override int Runs => Properties.QuadraticFieldRuns;
}

public class Fp6FieldLawTests : FieldLawTests<Fp6>
{
    protected override Gen<Fp6> Elements => FieldGenerators.Fp6Gen;
    protected override int Runs => Properties.SexticFieldRuns;
}

public class Fp12FieldLawTests : FieldLawTests<Fp12>
{
    protected override Gen<Fp12> Elements => FieldGenerators.Fp12Gen;
    protected override int Runs => Properties.DodecicFieldRuns;
}
