using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>One rank-1 constraint A(w)·B(w) = C(w) of an r1cs file (FORMATS §3).</summary>
public sealed record R1csConstraint(LinearCombination A, LinearCombination B, LinearCombination C)
{
    public bool IsSatisfiedBy(ReadOnlySpan<Fr> witness) => A.Evaluate(witness) * B.Evaluate(witness) == C.Evaluate(witness);
}
