namespace CredentialHub.Bn254.Fields;

/// <summary>
/// The constants of a 4×64-bit Montgomery field: the modulus, R = 2^256 mod m, R² mod m and
/// −m⁻¹ mod 2^64. Implemented by empty structs so that the JIT folds them into the arithmetic.
/// The values are derived from the modulus in the tests (<c>MontgomeryConstantsTests</c>).
/// </summary>
internal interface IMontgomeryParameters
{
    static abstract ulong M0 { get; }
    static abstract ulong M1 { get; }
    static abstract ulong M2 { get; }
    static abstract ulong M3 { get; }
    static abstract ulong R0 { get; }
    static abstract ulong R1 { get; }
    static abstract ulong R2 { get; }
    static abstract ulong R3 { get; }
    static abstract ulong RR0 { get; }
    static abstract ulong RR1 { get; }
    static abstract ulong RR2 { get; }
    static abstract ulong RR3 { get; }
    static abstract ulong Inv { get; }
}
