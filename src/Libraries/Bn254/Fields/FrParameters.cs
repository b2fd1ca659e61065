namespace CredentialHub.Bn254.Fields;

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
