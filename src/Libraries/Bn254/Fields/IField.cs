namespace CredentialHub.Bn254.Fields;

/// <summary>
/// The operations shared by every field of the BN254 tower (Fp, Fr, Fp2, Fp6, Fp12), so that the
/// curve formulas and the law test-suite are written once and specialised by the JIT per field.
/// </summary>
public interface IField<T> : IEquatable<T> where T : struct, IField<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }
    bool IsZero { get; }
    bool IsOne { get; }
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a, T b);
    static abstract T operator -(T a);
    static abstract T operator *(T a, T b);
    static abstract bool operator ==(T a, T b);
    static abstract bool operator !=(T a, T b);
    T Square();
    T Double();
    /// <summary>The multiplicative inverse; the inverse of zero is defined as zero.</summary>
    T Inverse();
}
