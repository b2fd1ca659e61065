using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>
/// One side of an r1cs constraint: Σ Coefficients[k]·w[Wires[k]], terms in file order (circom sorts them
/// by the little-endian bytes of the wire id, not numerically, so no order is assumed).
/// </summary>
public sealed record LinearCombination(int[] Wires, Fr[] Coefficients)
{
    public int[] Wires { get; } = Wires.Length == Coefficients.Length
        ? Wires
        : throw new ArgumentException($"{Wires.Length} wires but {Coefficients.Length} coefficients", nameof(Coefficients));

    public Fr Evaluate(ReadOnlySpan<Fr> witness)
    {
        Fr sum = Fr.Zero;
        for (int k = 0; k < Wires.Length; k++)
        {
            int wire = Wires[k];
            if ((uint)wire >= (uint)witness.Length)
            {
                throw new ArgumentException($"the witness holds {witness.Length} values, too few for wire {wire}", nameof(witness));
            }
            sum += Coefficients[k] * witness[wire];
        }
        return sum;
    }
}
