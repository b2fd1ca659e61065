using CredentialHub.Bn254.Fields;

namespace CredentialHub.Groth16.Formats;

/// <summary>One term of a linear combination: coefficient × w[wire], the coefficient a plain field element.</summary>
internal readonly record struct R1csTerm(int Wire, Fr Coefficient);
