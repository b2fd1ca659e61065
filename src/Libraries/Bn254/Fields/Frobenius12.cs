using System.Numerics;

namespace CredentialHub.Bn254.Fields;

/// <summary>
/// Frobenius coefficients γ(n, k) = ξ^(k(q^n − 1)/6) = w^(k(q^n − 1)), derived from ξ at start-up:
/// (c·w^k)^(q^n) = c^(q^n)·γ(n, k)·w^k.
/// </summary>
internal static class Frobenius12
{
    private static readonly Fp2[][] Table = Build();

    private static Fp2[][] Build()
    {
        var table = new Fp2[4][];
        BigInteger q = Fp.Modulus;
        for (int n = 0; n <= 3; n++)
        {
            BigInteger e = (BigInteger.Pow(q, n) - 1) / 6;
            Fp2 step = Fp2.Xi.Pow(e);
            table[n] = new Fp2[6];
            Fp2 acc = Fp2.One;
            for (int k = 0; k < 6; k++)
            {
                table[n][k] = acc;
                acc *= step;
            }
        }
        return table;
    }

    internal static Fp2[] Gamma(int power) => Table[power];
}
