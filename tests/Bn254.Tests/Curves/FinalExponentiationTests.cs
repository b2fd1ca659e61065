using System.Numerics;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Curves;

/// <summary>
/// The final exponentiation against its slow twin: one square-and-multiply by the full exponent
/// 2z(6z² + 3z + 1)·(q¹² − 1)/r. The factor 2z(6z² + 3z + 1) is the multiple of (q¹² − 1)/r that
/// snarkjs (wasmcurves) raises to, so pairing values equal snarkjs's; this test pins it.
/// </summary>
public class FinalExponentiationTests
{
    private static readonly BigInteger Z = Bn254Vectors.Z;

    private static readonly BigInteger Multiple = 2 * Z * (6 * Z * Z + 3 * Z + 1);

    private static readonly BigInteger Q12MinusOne = BigInteger.Pow(Fp.Modulus, 12) - 1;

    [Fact]
    public void RDividesQToThe12MinusOne() => Assert.True((Q12MinusOne % Fr.Modulus).IsZero);

    [Property(MaxTest = CaseCounts.Pairing)]
    public Property MatchesExponentiationByTheFullExponent()
    {
        BigInteger exponent = Q12MinusOne / Fr.Modulus * Multiple;
        return Prop.ForAll(Arbitraries.NonZero(FieldGenerators.Fp12Gen), f =>
            Assert.Equal(FieldMath.Pow(f, exponent), Pairing.FinalExponentiation(f)));
    }

    [Property(MaxTest = CaseCounts.Pairing)]
    public Property LandsInTheOrderRSubgroup() =>
        Prop.ForAll(Arbitraries.NonZero(FieldGenerators.Fp12Gen), f =>
            Assert.True(Pairing.FinalExponentiation(f).Pow(Fr.Modulus).IsOne));
}
