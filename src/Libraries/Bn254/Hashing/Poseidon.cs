using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Hashing;

/// <summary>
/// The Poseidon hash over the BN254 scalar field exactly as circomlib's <c>Poseidon(n)</c> template and
/// circomlibjs's <c>buildPoseidon</c> compute it: for n = 1…16 inputs the state has width t = n + 1,
/// starts as [0, in₀, …, inₙ₋₁], goes through R_F = 8 full rounds (4 before, 4 after) and R_P partial
/// rounds (S-box on lane 0 only) of add-round-constants, S-box x^5, multiply by the MDS matrix; the
/// output is lane 0. Constants: <see cref="PoseidonParameters"/> (Grain LFSR, checked against circomlibjs).
/// This is the straightforward permutation, not the sparse-matrix form of <c>poseidon_constants_opt</c>;
/// both give the same hash. State kept in Montgomery form; each MDS row is one lazily reduced dot product
/// (<see cref="FrDotProduct"/>); no BigInteger on the hashing path.
/// Interop hazard: other "Poseidon" instances (different widths, capacity placement, Poseidon2, the
/// Neptune/filecoin domain tags) give different hashes for the same inputs. Not constant time.
/// </summary>
public static class Poseidon
{
    public const int MinInputs = 1;
    public const int MaxInputs = PoseidonParameters.MaxWidth - 1;

    /// <summary>Poseidon of 1 to 16 field elements.</summary>
    public static Fr Hash(params ReadOnlySpan<Fr> inputs)
    {
        if (inputs.Length < MinInputs || inputs.Length > MaxInputs)
        {
            throw new ArgumentException($"Poseidon takes {MinInputs} to {MaxInputs} inputs; got {inputs.Length}", nameof(inputs));
        }
        Span<Fr> state = stackalloc Fr[inputs.Length + 1];
        state[0] = Fr.Zero;
        inputs.CopyTo(state[1..]);
        Permute(state, PoseidonParameters.ForWidth(state.Length));
        return state[0];
    }

    /// <summary>The Poseidon permutation of width state.Length in place.</summary>
    internal static void Permute(Span<Fr> state, PoseidonParameters parameters)
    {
        int t = state.Length;
        ReadOnlySpan<Fr> constants = parameters.RoundConstants;
        ReadOnlySpan<Fr> mds = parameters.Mds;
        int firstPartial = PoseidonParameters.FullRounds / 2;
        int firstFinalFull = firstPartial + parameters.PartialRounds;
        Span<Fr> mixed = stackalloc Fr[t];

        for (int round = 0; round < parameters.Rounds; round++)
        {
            ReadOnlySpan<Fr> roundConstants = constants.Slice(round * t, t);
            for (int i = 0; i < t; i++)
            {
                state[i] += roundConstants[i];
            }
            if (round < firstPartial || round >= firstFinalFull)
            {
                for (int i = 0; i < t; i++)
                {
                    state[i] = Pow5(state[i]);
                }
            }
            else
            {
                state[0] = Pow5(state[0]);
            }
            for (int i = 0; i < t; i++)
            {
                mixed[i] = FrDotProduct.Compute(mds.Slice(i * t, t), state);
            }
            mixed.CopyTo(state);
        }
    }

    private static Fr Pow5(Fr x)
    {
        Fr x2 = x.Square();
        return x2.Square() * x;
    }
}
