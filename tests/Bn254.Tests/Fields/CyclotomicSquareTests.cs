using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>Granger–Scott squaring agrees with the general squaring on the cyclotomic subgroup, and only there.</summary>
public class CyclotomicSquareTests
{
    /// <summary>f^((q⁶ − 1)(q² + 1)) lies in the cyclotomic subgroup for every non-zero f.</summary>
    private static Fp12 IntoCyclotomicSubgroup(Fp12 f)
    {
        Fp12 t = f.Conjugate() * f.Inverse();
        return t.Frobenius(2) * t;
    }

    [Property(MaxTest = CaseCounts.DodecicField)]
    public Property Equals_square_on_the_cyclotomic_subgroup() =>
        Prop.ForAll(Arbitraries.NonZero(FieldGenerators.Fp12Gen), f =>
        {
            Fp12 g = IntoCyclotomicSubgroup(f);
            Assert.Equal(g.Square(), g.CyclotomicSquare());
            Assert.Equal(g.Conjugate(), g.Inverse());
        });

    [Fact]
    public void Differs_from_square_outside_the_subgroup()
    {
        var f = new Fp12(new Fp6(new Fp2(Fp.FromUInt64(3), Fp.FromUInt64(5)), Fp2.One, Fp2.Zero), Fp6.One);
        Assert.NotEqual(f.Square(), f.CyclotomicSquare());
    }
}
