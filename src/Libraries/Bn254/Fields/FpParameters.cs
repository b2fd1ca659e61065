namespace CredentialHub.Bn254.Fields;

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
