using System.Numerics;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>
/// The field axioms and the consistency of the shortcut operations, written once over
/// <see cref="IField{T}"/> (after arkworks' test-templates) and run for every field of the tower by
/// the subclasses at the end of this file, each with its number of cases (<c>[Properties(MaxTest = …)]</c>).
/// </summary>
public abstract class FieldLawTests<T> where T : struct, IField<T>
{
    protected abstract Gen<T> Elements { get; }

    private Arbitrary<T> Any => Elements.ToArbitrary();

    [Property]
    public Property AdditionIsAssociative() =>
        Prop.ForAll(Any, Any, Any, (a, b, c) => Assert.Equal((a + b) + c, a + (b + c)));

    [Property]
    public Property AdditionIsCommutative() =>
        Prop.ForAll(Any, Any, (a, b) => Assert.Equal(a + b, b + a));

    [Property]
    public Property ZeroIsTheAdditiveIdentity() =>
        Prop.ForAll(Any, a =>
        {
            Assert.Equal(a, a + T.Zero);
            Assert.Equal(a, T.Zero + a);
            Assert.Equal(a, a - T.Zero);
            Assert.True(T.Zero.IsZero);
            Assert.Equal(a == T.Zero, a.IsZero);
        });

    [Property]
    public Property NegationIsTheAdditiveInverse() =>
        Prop.ForAll(Any, Any, (a, b) =>
        {
            Assert.True((a + -a).IsZero);
            Assert.True((a - a).IsZero);
            Assert.Equal(a, -(-a));
            Assert.Equal(a + -b, a - b);
            Assert.Equal(-(a - b), b - a);
        });

    [Property]
    public Property MultiplicationIsAssociative() =>
        Prop.ForAll(Any, Any, Any, (a, b, c) => Assert.Equal((a * b) * c, a * (b * c)));

    [Property]
    public Property MultiplicationIsCommutative() =>
        Prop.ForAll(Any, Any, (a, b) => Assert.Equal(a * b, b * a));

    [Property]
    public Property OneIsTheMultiplicativeIdentity() =>
        Prop.ForAll(Any, a =>
        {
            Assert.Equal(a, a * T.One);
            Assert.Equal(a, T.One * a);
            Assert.True((a * T.Zero).IsZero);
            Assert.True(T.One.IsOne);
            Assert.Equal(a == T.One, a.IsOne);
        });

    [Property]
    public Property MultiplicationDistributesOverAddition() =>
        Prop.ForAll(Any, Any, Any, (a, b, c) =>
        {
            Assert.Equal(a * b + a * c, a * (b + c));
            Assert.Equal(a * c + b * c, (a + b) * c);
            Assert.Equal(a * b - a * c, a * (b - c));
            Assert.Equal(-(a * b), a * -b);
        });

    [Property]
    public Property NonZeroElementsHaveMultiplicativeInverses() =>
        Prop.ForAll(Arbitraries.NonZero(Elements), a =>
        {
            Assert.True((a * a.Inverse()).IsOne);
            Assert.Equal(a, a.Inverse().Inverse());
        });

    [Fact]
    public void InverseOfZeroIsZero() => Assert.True(T.Zero.Inverse().IsZero);

    [Property]
    public Property SquareIsSelfProduct() =>
        Prop.ForAll(Any, a => Assert.Equal(a * a, a.Square()));

    [Property]
    public Property DoubleIsSelfSum() =>
        Prop.ForAll(Any, a => Assert.Equal(a + a, a.Double()));

    [Property]
    public Property EqualityIsConsistent() =>
        Prop.ForAll(Any, Any, (a, b) =>
        {
            T copy = a + T.Zero;
            Assert.True(a == copy && !(a != copy) && a.Equals(copy) && a.Equals((object)copy));
            Assert.Equal(a.GetHashCode(), copy.GetHashCode());
            Assert.Equal(a.Equals(b), a == b);
            Assert.Equal(!(a == b), a != b);
            Assert.True(a != a + T.One);
        });

    [Property]
    public Property PowAddsExponents() =>
        Prop.ForAll(Any, Arbitraries.Exponent, Arbitraries.Exponent, (a, m, n) =>
        {
            m >>= 192;
            n >>= 192;
            Assert.Equal(FieldMath.Pow(a, m) * FieldMath.Pow(a, n), FieldMath.Pow(a, m + n));
            Assert.True(FieldMath.Pow(a, BigInteger.Zero).IsOne);
            Assert.Equal(a, FieldMath.Pow(a, BigInteger.One));
        });
}

[Properties(MaxTest = CaseCounts.PrimeField)]
public class FpFieldLawTests : FieldLawTests<Fp>
{
    protected override Gen<Fp> Elements => FieldGenerators.FpGen;
}

[Properties(MaxTest = CaseCounts.PrimeField)]
public class FrFieldLawTests : FieldLawTests<Fr>
{
    protected override Gen<Fr> Elements => FieldGenerators.FrGen;
}

[Properties(MaxTest = CaseCounts.QuadraticField)]
public class Fp2FieldLawTests : FieldLawTests<Fp2>
{
    protected override Gen<Fp2> Elements => FieldGenerators.Fp2Gen;
}

[Properties(MaxTest = CaseCounts.SexticField)]
public class Fp6FieldLawTests : FieldLawTests<Fp6>
{
    protected override Gen<Fp6> Elements => FieldGenerators.Fp6Gen;
}

[Properties(MaxTest = CaseCounts.DodecicField)]
public class Fp12FieldLawTests : FieldLawTests<Fp12>
{
    protected override Gen<Fp12> Elements => FieldGenerators.Fp12Gen;
}
