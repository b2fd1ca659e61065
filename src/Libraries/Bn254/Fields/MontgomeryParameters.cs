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

/// <summary>q = 21888242871839275222246405745257275088696311157297823662689037894645226208583.</summary>
internal struct FpParameters : IMontgomeryParameters
{
    public static ulong M0 => 0x3c208c16d87cfd47UL;
    public static ulong M1 => 0x97816a916871ca8dUL;
    public static ulong M2 => 0xb85045b68181585dUL;
    public static ulong M3 => 0x30644e72e131a029UL;
    public static ulong R0 => 0xd35d438dc58f0d9dUL;
    public static ulong R1 => 0x0a78eb28f5c70b3dUL;
    public static ulong R2 => 0x666ea36f7879462cUL;
    public static ulong R3 => 0x0e0a77c19a07df2fUL;
    public static ulong RR0 => 0xf32cfc5b538afa89UL;
    public static ulong RR1 => 0xb5e71911d44501fbUL;
    public static ulong RR2 => 0x47ab1eff0a417ff6UL;
    public static ulong RR3 => 0x06d89f71cab8351fUL;
    public static ulong Inv => 0x87d20782e4866389UL;
}

/// <summary>r = 21888242871839275222246405745257275088548364400416034343698204186575808495617.</summary>
internal struct FrParameters : IMontgomeryParameters
{
    public static ulong M0 => 0x43e1f593f0000001UL;
    public static ulong M1 => 0x2833e84879b97091UL;
    public static ulong M2 => 0xb85045b68181585dUL;
    public static ulong M3 => 0x30644e72e131a029UL;
    public static ulong R0 => 0xac96341c4ffffffbUL;
    public static ulong R1 => 0x36fc76959f60cd29UL;
    public static ulong R2 => 0x666ea36f7879462eUL;
    public static ulong R3 => 0x0e0a77c19a07df2fUL;
    public static ulong RR0 => 0x1bb8e645ae216da7UL;
    public static ulong RR1 => 0x53fe3ab1e35c59e3UL;
    public static ulong RR2 => 0x8c49833d53bb8085UL;
    public static ulong RR3 => 0x0216d0b17f4e44a5UL;
    public static ulong Inv => 0xc2e1f593efffffffUL;
}
