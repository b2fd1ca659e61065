using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Curves;

/// <summary>The coefficients of one line: a·yP + b·xP·w + c·w³.</summary>
public readonly record struct LineCoefficients(Fp2 A, Fp2 B, Fp2 C);
