using CredentialHub.Bn254.Fields;
using M = CredentialHub.Bn254.Fields.Montgomery<CredentialHub.Bn254.Fields.FrParameters>;

namespace CredentialHub.Bn254.Hashing;

/// <summary>
/// The round constants and MDS matrix of Poseidon over Fr for one state width t = 2…17, derived, not
/// pasted: they are the output of <see cref="GrainLfsr"/> seeded with (prime field, S-box x^5, n = 254,
/// t, R_F = 8, R_P), i.e. what <c>sage generate_parameters_grain.sage 1 0 254 t 8 R_P r</c> prints and
/// what circomlib's <c>poseidon_constants.circom</c> and circomlibjs's <c>poseidon_constants.json</c> hold
/// (the tests compare a SHA-256 of every constant per width with circomlibjs 0.1.7).
/// Round constants: (R_F + R_P)·t draws of 254 bits, each redrawn while ≥ r, in the order round by round,
/// lane by lane. MDS: the Cauchy matrix M[i][j] = 1/(x_i + y_j) from the next 2t draws taken modulo r
/// (redrawn as a whole if two coincide or some x_i + y_j = 0). The script's later security checks on
/// the matrix (its algorithms 1–3) accepted the first matrix for every width used here, as the digests confirm.
/// Partial rounds per width are circomlib's: the paper's recommendation rounded up to a multiple of t.
/// </summary>
internal sealed class PoseidonParameters
{
    internal const int FullRounds = 8;
    internal const int MinWidth = 2;
    internal const int MaxWidth = 17;

    private const int FieldBits = 254;

    private static readonly int[] PartialRoundsByWidth = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];

    private static readonly Lazy<PoseidonParameters>[] Cache =
        Enumerable.Range(MinWidth, MaxWidth - MinWidth + 1).Select(t => new Lazy<PoseidonParameters>(() => Derive(t))).ToArray();

    internal int Width { get; }
    internal int PartialRounds { get; }

    /// <summary>(R_F + R_P)·t constants, those of round k at [k·t, k·t + t).</summary>
    internal Fr[] RoundConstants { get; }

    /// <summary>The t×t matrix, row-major: the new lane i is Σ_j Mds[i·t + j]·lane_j.</summary>
    internal Fr[] Mds { get; }

    private PoseidonParameters(int width, int partialRounds, Fr[] roundConstants, Fr[] mds)
    {
        Width = width;
        PartialRounds = partialRounds;
        RoundConstants = roundConstants;
        Mds = mds;
    }

    internal int Rounds => FullRounds + PartialRounds;

    internal static PoseidonParameters ForWidth(int width) => Cache[width - MinWidth].Value;

    private static PoseidonParameters Derive(int t)
    {
        int partialRounds = PartialRoundsByWidth[t - MinWidth];
        var grain = new GrainLfsr(fieldType: 1, sbox: 0, FieldBits, t, FullRounds, partialRounds);

        var constants = new Fr[(FullRounds + partialRounds) * t];
        for (int i = 0; i < constants.Length; i++)
        {
            ulong l0, l1, l2, l3;
            do
            {
                grain.NextInteger(FieldBits, out l0, out l1, out l2, out l3);
            }
            while (!M.IsCanonical(l0, l1, l2, l3));
            constants[i] = Fr.FromCanonical(l0, l1, l2, l3);
        }

        var points = new Fr[2 * t];
        var sums = new Fr[t * t];
        while (true)
        {
            for (int i = 0; i < points.Length; i++)
            {
                // 2^254 < 2r, so one conditional subtraction reduces a draw modulo r.
                grain.NextInteger(FieldBits, out var l0, out var l1, out var l2, out var l3);
                M.ReduceOnce(ref l0, ref l1, ref l2, ref l3);
                points[i] = Fr.FromCanonical(l0, l1, l2, l3);
            }
            if (points.Distinct().Count() != points.Length)
            {
                continue;
            }
            for (int i = 0; i < t; i++)
            {
                for (int j = 0; j < t; j++)
                {
                    sums[i * t + j] = points[i] + points[t + j];
                }
            }
            if (sums.Any(s => s.IsZero))
            {
                continue;
            }
            FieldMath.BatchInverse<Fr>(sums);
            return new PoseidonParameters(t, partialRounds, constants, sums);
        }
    }
}
